/** Stops following; the runner then starts again from the stored checkpoints. */
export class RestartFromCheckpoint extends Error {}
