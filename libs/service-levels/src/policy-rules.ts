import type { PolicyRule, PolicyTargets, RuleMatchField, ServiceLevelPolicy } from './policy';

/** What a rule's `match` looks at in a complaint being filed. */
export type RuleSubject = Partial<Record<RuleMatchField, string>>;

/** The first rule of the policy whose every `match` list holds the complaint's value, if any. */
export function matchingRule(policy: ServiceLevelPolicy, subject: RuleSubject): PolicyRule | undefined {
  return policy.rules.find((rule) =>
    Object.entries(rule.match).every(([field, values]) => {
      const value = subject[field as RuleMatchField];
      return value !== undefined && values.includes(value);
    }),
  );
}

/**
 * The targets a complaint filed under `ruleName` counts with: the policy's, each replaced by the
 * rule's where it sets one (resolve severity by severity). A name the policy no longer has (an
 * edited policy) counts with the policy's own targets.
 */
export function targetsOfRule(policy: ServiceLevelPolicy, ruleName: string | undefined): PolicyTargets {
  const rule = ruleName === undefined ? undefined : policy.rules.find(({ name }) => name === ruleName);
  if (!rule) return policy.targets;
  return {
    ...policy.targets,
    ...(rule.targets.acknowledge && { acknowledge: rule.targets.acknowledge }),
    ...(rule.targets.finalResponse && { finalResponse: rule.targets.finalResponse }),
    resolve: { ...policy.targets.resolve, ...rule.targets.resolve },
  };
}
