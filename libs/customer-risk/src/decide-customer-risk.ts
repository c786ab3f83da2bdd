import type { CustomerRiskEvent, RiskLevel, RiskReason } from './customer-risk-events';
import type { CustomerRiskState } from './customer-risk-state';

/** The early-warning reactor's command: a customer's risk as assessed at `asOf`. */
export interface RecordRiskAssessment {
  type: 'recordRiskAssessment';
  score: number;
  level: RiskLevel;
  reasons: RiskReason[];
  asOf: string;
}

export type CustomerRiskCommand = RecordRiskAssessment;

/** Records a change of level, and nothing while the level stays where it was. Pure. */
export function decideCustomerRisk(
  command: CustomerRiskCommand,
  state: CustomerRiskState,
): CustomerRiskEvent[] {
  if (command.level === state.level) return [];
  return [
    {
      type: 'CustomerRiskChanged',
      data: {
        score: command.score,
        level: command.level,
        previousLevel: state.level,
        reasons: command.reasons,
        asOf: command.asOf,
      },
    },
  ];
}
