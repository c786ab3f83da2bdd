import { BadRequestException } from '@nestjs/common';
import type { TargetRefusal } from '@cl/integration';

/**
 * The 400 for a subscription whose target the rules refuse (docs/http-api.md, Webhook targets),
 * shaped as a field's validation message. It names the kind of address, never the address a
 * name resolved to: the API must not tell what internal names resolve to.
 */
export function refusedTarget(refusal: TargetRefusal): BadRequestException {
  return new BadRequestException([message(refusal)]);
}

function message(refusal: TargetRefusal): string {
  switch (refusal.reason) {
    case 'not_an_http_url':
      return 'url must be an http or https URL';
    case 'unresolved':
      return 'url host does not resolve';
    case 'https_required':
      return 'url must be https:// (http:// only for targets inside WEBHOOK_ALLOWED_NETWORKS)';
    case 'non_public_address':
      return `url host is or resolves to a non-public address (${refusal.range}): refused unless its network is in WEBHOOK_ALLOWED_NETWORKS`;
  }
}
