/** How serious a complaint is (docs/domain.md): the one list that events, settings and policies use. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
