import { OccurredAtDto } from './occurred-at.dto';

/** Ends the pause; only the time it happened may be given. */
export class ResumeComplaintDto extends OccurredAtDto {}
