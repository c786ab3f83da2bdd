// Generated from the OpenAPI document by `npm run openapi:client` (scripts/openapi-client.ts): do not edit.
export interface paths {
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics */
    get: operations['MetricsController_text'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List complaints, filtered, newest filing first
     * @description One request examines at most 2000 complaints of the filing-time index: with a rare filter a page may hold fewer than `limit` items, even none, while `nextCursor` is not null. Follow `nextCursor` until it is null (the index is exhausted); pages never repeat or skip a complaint.
     */
    get: operations['ComplaintsController_list'];
    put?: never;
    /** File a complaint */
    post: operations['ComplaintsController_file'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/assignment': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Assign a complaint to an agent */
    post: operations['ComplaintsController_assign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/escalation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Escalate a complaint one level */
    post: operations['ComplaintsController_escalate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/resolution': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resolve a complaint */
    post: operations['ComplaintsController_resolve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/reopen': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reopen a resolved complaint */
    post: operations['ComplaintsController_reopen'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/callbacks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a call-back to the customer */
    post: operations['ComplaintsController_recordCallback'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/satisfaction': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a satisfaction survey answer */
    post: operations['ComplaintsController_recordSatisfaction'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Close a complaint */
    post: operations['ComplaintsController_close'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/acknowledgement': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Acknowledge a complaint to the customer (meets the acknowledge target) */
    post: operations['ComplaintsController_acknowledge'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pause a pausable resolve target while waiting on the customer or a third party */
    post: operations['ComplaintsController_pause'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End a pause: the resolve target counts again what it had left */
    post: operations['ComplaintsController_resume'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/extension': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Grant the policy’s next final-response extension (one marked approval: admin only) */
    post: operations['ComplaintsController_extend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/root-cause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record the root cause of a complaint (any status; the latest one counts) */
    post: operations['ComplaintsController_recordRootCause'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A complaint as it stands now */
    get: operations['ComplaintsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/corrective-actions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Corrective actions: all, open, completed or overdue (open past their dueAt) */
    get: operations['CorrectiveActionsController_list'];
    put?: never;
    /** Open a corrective action against a problem key (category, product, branch or cause) */
    post: operations['CorrectiveActionsController_open'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/corrective-actions/{id}/completion': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Complete a corrective action (once: 409 when already completed) */
    post: operations['CorrectiveActionsController_complete'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analytics/corrective-actions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The measured effect of each corrective action: complaints of its target before and after completion */
    get: operations['CorrectiveActionEffectsController_effects'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every event of a complaint, in revision order */
    get: operations['AuditController_history'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/state': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A complaint as it stood at asOf or at a revision */
    get: operations['AuditController_state'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/complaints/{id}/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Verify a complaint’s hash chain */
    get: operations['AuditController_verifyComplaint'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Verify every stream’s hash chain and every seal */
    get: operations['AuditController_verifyAll'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analytics/funnel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The complaint funnel of a cohort */
    get: operations['AnalyticsController_getFunnel'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analytics/problems': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Problem areas beside the previous period */
    get: operations['AnalyticsController_getProblems'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analytics/complaints-return': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The complaints return of a period
     * @description Per category, product, branch, policy rule or root cause, over [from, to) or a period (YYYY-H1, YYYY-Q3, YYYY: local dates): complaints outstanding at the start, received and closed, closed by the third business day, after it within the final response and within the final response, outcomes, redress of first resolutions and redress paid, final responses breached and extended (docs/complaints-return.md)
     */
    get: operations['AnalyticsController_getComplaintsReturn'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analytics/branches': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Branches ranked by satisfaction and by breach rate */
    get: operations['AnalyticsController_getBranches'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analytics/early-warning': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Customers at risk, ranked */
    get: operations['AnalyticsController_getEarlyWarning'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analytics/early-warning/backtest': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * How well the early-warning score foretold who was lost
     * @description Per asOf: population, lost, AUC, precision and recall per level, top-decile lift, loss rate with and without each reason; across them, suggested points (in-sample, never applied). docs/domain.md, The backtest; docs/early-warning.md
     */
    get: operations['AnalyticsController_getEarlyWarningBacktest'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/customers/{id}/profile': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set a customer’s segment and value tier */
    put: operations['CustomersController_updateProfile'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/customers/{id}/purchases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a purchase */
    post: operations['CustomersController_recordPurchase'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/customers/{id}/erasure': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Erase a customer’s personal data (their keys, then CustomerDataErased)
     * @description 202: the keys are deleted and CustomerDataErased recorded. 200: erased before, no key since; nothing changed. 503 when the deleted keys could not yet be flushed from the key store: retry.
     */
    post: operations['CustomersController_erase'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/customers/{id}/risk': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A customer’s early-warning score at asOf */
    get: operations['CustomersController_risk'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/customers/{id}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A customer’s own events and the complaints filed for them */
    get: operations['CustomersController_history'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The state of each dependency and each projection’s lag */
    get: operations['HealthController_check'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A page of published events after a position */
    get: operations['EventsController_feed'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/events/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Published events as Server-Sent Events, catch-up then live */
    get: operations['EventsController_stream'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The subscriptions of this token (every one for admin), oldest first
     * @description `limit` per page (default 100, above 1000 clamped); pass `next` as `cursor` for the following page (null: the last page)
     */
    get: operations['SubscriptionsController_list'];
    put?: never;
    /**
     * Subscribe a webhook endpoint
     * @description 409 when this token owns WEBHOOK_MAX_SUBSCRIPTIONS (default 100) subscriptions already (deleted ones do not count); nothing is recorded then
     */
    post: operations['SubscriptionsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/subscriptions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A webhook subscription and where its delivery stands */
    get: operations['SubscriptionsController_get'];
    put?: never;
    post?: never;
    /** Delete a webhook subscription */
    delete: operations['SubscriptionsController_delete'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/subscriptions/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The delivery log of a subscription, newest first */
    get: operations['SubscriptionsController_deliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/subscriptions/{id}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send every selected event after fromPosition again, in order */
    post: operations['SubscriptionsController_replay'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/console/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who is signed in to the console (by cookie or bearer token) */
    get: operations['ConsoleSessionController_whoAmI'];
    put?: never;
    /**
     * Sign in to the console: trade a token for an HttpOnly session cookie
     * @description Needs no Authorization header: the token is in the body; 401 when it is not known.
     */
    post: operations['ConsoleSessionController_signIn'];
    /**
     * Sign out of the console: ends the session and clears its cookie
     * @description Needs no token: signing out without a session only clears the cookie.
     */
    delete: operations['ConsoleSessionController_signOut'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/console/identity-provider': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether the console can sign in through the identity provider, and where that starts */
    get: operations['ConsoleOidcController_identityProvider'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    FileComplaintDto: {
      /** @description Generated when absent. */
      complaintId?: string;
      customerId: string;
      /** @enum {string} */
      channel: 'phone' | 'email' | 'web' | 'store' | 'social' | 'letter' | 'other';
      category: string;
      /** @enum {string} */
      severity: 'critical' | 'low' | 'medium' | 'high';
      description: string;
      branchId?: string;
      productId?: string;
      orderId?: string;
      followUpOf?: string;
      /** @description The employee the complaint is about: it may never be assigned to them. */
      subjectAgentId?: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    ComplaintFiledResult: {
      complaintId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      /** Format: date-time */
      resolutionDueAt: string;
    };
    ErrorBody: {
      /** @example 400 */
      statusCode: number;
      /** @example Bad Request */
      error: string;
      /** @description what went wrong; for bad input, a list naming each offending field */
      message: string | string[];
    };
    ConflictErrorBody: {
      /** @example 400 */
      statusCode: number;
      /** @example Bad Request */
      error: string;
      /** @description what went wrong; for bad input, a list naming each offending field */
      message: string | string[];
      /**
       * @description the complaint status that refuses the command (when that is the conflict)
       * @example closed
       */
      status?: string;
      /** @description the orderId already recorded for the customer */
      orderId?: string;
    };
    RevisionMismatchErrorBody: {
      /** @example 400 */
      statusCode: number;
      /** @example Bad Request */
      error: string;
      /** @description what went wrong; for bad input, a list naming each offending field */
      message: string | string[];
      expectedRevision: number;
      /** @description -1 when the stream does not exist */
      actualRevision: number;
    };
    UnprocessableErrorBody: {
      /** @example 400 */
      statusCode: number;
      /** @example Bad Request */
      error: string;
      /** @description what went wrong; for bad input, a list naming each offending field */
      message: string | string[];
      /**
       * Format: date-time
       * @description the stream’s last occurredAt (when that is the reason)
       */
      lastOccurredAt?: string;
    };
    AssignComplaintDto: {
      agentId: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    ComplaintCommandResult: {
      complaintId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
    };
    EscalateComplaintDto: {
      note?: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    ComplaintEscalatedResult: {
      complaintId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      level: number;
    };
    CompensationDto: {
      amount: number;
      /** @description ISO 4217, e.g. EUR. */
      currency: string;
    };
    GoodwillDto: {
      description: string;
      value?: number;
    };
    ResolveComplaintDto: {
      /** @enum {string} */
      resolutionType:
        'other' | 'refund' | 'replacement' | 'repair' | 'apology' | 'explanation' | 'compensation';
      summary: string;
      /** @description A JSON object; an array or a scalar is 400. */
      compensation?: components['schemas']['CompensationDto'];
      /** @description The extra benefit given beyond what was owed or promised. */
      goodwill?: components['schemas']['GoodwillDto'];
      onTheSpot?: boolean;
      /**
       * @description Whether the complaint was upheld (the complaints return counts them).
       * @enum {string}
       */
      outcome?: 'upheld' | 'partially_upheld' | 'not_upheld';
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    ComplaintResolvedResult: {
      complaintId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      /** Format: date-time */
      callbackDueAt: string;
    };
    ReopenComplaintDto: {
      reason: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    ComplaintReopenedResult: {
      complaintId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      /** Format: date-time */
      resolutionDueAt: string;
    };
    RecordCallbackDto: {
      reached: boolean;
      /**
       * @description Required when reached is true.
       * @enum {string}
       */
      attitude?: 'satisfied' | 'neutral' | 'dissatisfied';
      notes?: string;
      agentId?: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    ComplaintFeedbackResult: {
      complaintId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      escalated: boolean;
    };
    RespondentDto: {
      contactId: string;
      /** @enum {string} */
      role: 'other' | 'primary' | 'decision_maker' | 'influencer' | 'user';
    };
    RecordSatisfactionDto: {
      respondent: components['schemas']['RespondentDto'];
      score: number;
      comment?: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    CloseComplaintDto: {
      reason?: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    AcknowledgeComplaintDto: {
      /**
       * @description How the acknowledgement reached the customer.
       * @enum {string}
       */
      channel?: 'phone' | 'email' | 'web' | 'store' | 'social' | 'letter' | 'other';
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    ComplaintAcknowledgedResult: {
      complaintId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      /** Format: date-time */
      acknowledgedAt: string;
    };
    PauseComplaintDto: {
      /** @enum {string} */
      reason: 'awaiting_customer' | 'awaiting_third_party';
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    ComplaintPausedResult: {
      complaintId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      /** @description what the resolve target had left, in its unit (calendar or opening milliseconds) */
      resolveLeftMs: number;
    };
    ResumeComplaintDto: {
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    ComplaintResumedResult: {
      complaintId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      /** Format: date-time */
      resolutionDueAt: string;
    };
    ExtendDeadlineDto: {
      /** @description Why the final response needs more time. */
      reason: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    DeadlineExtendedResult: {
      complaintId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      /** @description the number of this extension, 1-based */
      extension: number;
      /** Format: date-time */
      finalResponseDueAt: string;
      /** @description the admin who granted an extension that needs approval */
      approvedBy?: string;
    };
    RecordRootCauseDto: {
      /** @description An id (1-64 of the id alphabet), e.g. `courier_damage`. */
      cause: string;
      note?: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    Deadline: {
      /**
       * Format: date-time
       * @description null while the (resolve) target is paused
       */
      dueAt: string | null;
      /**
       * Format: date-time
       * @description when the target was met; absent until then
       */
      metAt?: string;
      /** @description evaluated at now (at asOf for /state) */
      breached: boolean;
      /** @description true while the resolve target is paused; absent otherwise */
      paused?: boolean;
      /**
       * @description false when due after the business calendar of the policy ends (calendarCoversUntil): counted with the week alone, no holidays; absent otherwise
       * @enum {boolean}
       */
      calendarCovered?: false;
    };
    FinalResponseDeadline: {
      /**
       * Format: date-time
       * @description null while the (resolve) target is paused
       */
      dueAt: string | null;
      /**
       * Format: date-time
       * @description when the target was met; absent until then
       */
      metAt?: string;
      /** @description evaluated at now (at asOf for /state) */
      breached: boolean;
      /** @description true while the resolve target is paused; absent otherwise */
      paused?: boolean;
      /**
       * @description false when due after the business calendar of the policy ends (calendarCoversUntil): counted with the week alone, no holidays; absent otherwise
       * @enum {boolean}
       */
      calendarCovered?: false;
      /** @description the extensions granted so far */
      extensions: number;
    };
    Deadlines: {
      acknowledge?: components['schemas']['Deadline'];
      /** @description the current handling cycle; always there (SLA_HOURS calendar hours without a policy) */
      resolve?: components['schemas']['Deadline'];
      /** @description with its extensions */
      finalResponse?: components['schemas']['FinalResponseDeadline'];
    };
    Compensation: {
      amount: number;
      /** @example EUR */
      currency: string;
    };
    Goodwill: {
      description: string;
      value?: number;
    };
    Resolution: {
      /** @enum {string} */
      resolutionType:
        'refund' | 'replacement' | 'repair' | 'apology' | 'explanation' | 'compensation' | 'other';
      summary: string;
      compensation?: components['schemas']['Compensation'];
      goodwill?: components['schemas']['Goodwill'];
      onTheSpot: boolean;
      /** @description the actor id of the resolving token */
      resolvedBy: string;
      /** Format: date-time */
      callbackDueAt: string;
      /**
       * @description whether the complaint was upheld, when given
       * @enum {string}
       */
      outcome?: 'upheld' | 'partially_upheld' | 'not_upheld';
    };
    ComplaintCallback: {
      /**
       * Format: date-time
       * @description the current resolution’s call-back due time
       */
      dueAt?: string;
      /** @description from the latest CallbackRecorded */
      reached?: boolean;
      /** @enum {string} */
      attitude?: 'satisfied' | 'neutral' | 'dissatisfied';
    };
    Respondent: {
      contactId: string;
      /** @enum {string} */
      role: 'primary' | 'decision_maker' | 'influencer' | 'user' | 'other';
    };
    SatisfactionSurvey: {
      respondent: components['schemas']['Respondent'];
      score: number;
      /** Format: date-time */
      occurredAt: string;
    };
    ComplaintRootCause: {
      /** @example courier_damage */
      cause: string;
      note?: string;
      /**
       * Format: date-time
       * @description when it was recorded (occurredAt)
       */
      at: string;
    };
    Complaint: {
      complaintId: string;
      customerId: string;
      /** @enum {string} */
      status: 'open' | 'resolved' | 'closed';
      /** @enum {string} */
      channel: 'phone' | 'email' | 'web' | 'store' | 'social' | 'letter' | 'other';
      category: string;
      /** @enum {string} */
      severity: 'low' | 'medium' | 'high' | 'critical';
      branchId: string | null;
      productId: string | null;
      orderId: string | null;
      /** @description the complaint this one follows up */
      followUpOf: string | null;
      /** @description the employee the complaint is about, when given at filing */
      subjectAgentId: string | null;
      description: string;
      /** Format: date-time */
      filedAt: string;
      /**
       * Format: date-time
       * @description of the current handling cycle; null while paused
       */
      resolutionDueAt: string | null;
      /**
       * Format: date-time
       * @description the latest resolution’s; absent while open
       */
      resolvedAt?: string;
      /** @description evaluated at now (at asOf for /state) */
      slaBreached: boolean;
      /** @description true while the resolve target is paused (POST /complaints/:id/pause) */
      paused: boolean;
      deadlines: components['schemas']['Deadlines'];
      /** @description the service-level policy rule the complaint matched at filing (its targets count); null outside rules */
      policyRule: string | null;
      /** @description 0 when never escalated */
      escalationLevel: number;
      reopenCount: number;
      assignedTo?: string;
      resolution?: components['schemas']['Resolution'];
      callback: components['schemas']['ComplaintCallback'];
      satisfaction: components['schemas']['SatisfactionSurvey'][];
      /** @description the latest root cause recorded; absent until one is */
      rootCause?: components['schemas']['ComplaintRootCause'];
      revision: number;
    };
    ComplaintPage: {
      /** @description newest filing first; may be fewer than `limit`, even none, while nextCursor is not null */
      items: components['schemas']['Complaint'][];
      /** @description pass as `cursor` for the next page; null only at the end of the index */
      nextCursor: string | null;
    };
    CorrectiveActionTargetDto: {
      /** @enum {string} */
      by: 'category' | 'product' | 'branch' | 'cause';
      /** @description A category (1-64), or a product, branch or cause id. */
      value: string;
    };
    OpenCorrectiveActionDto: {
      /** @description Generated when absent (with an Idempotency-Key: derived from it). */
      actionId?: string;
      /** @description A JSON object; an array or a scalar is 400. */
      target: components['schemas']['CorrectiveActionTargetDto'];
      description: string;
      /** @description Who answers for the action (an id). */
      owner: string;
      dueAt: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    CorrectiveActionCommandResult: {
      actionId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
    };
    CompleteCorrectiveActionDto: {
      note?: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    CorrectiveActionCompletedResult: {
      actionId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      /** Format: date-time */
      completedAt: string;
    };
    CorrectiveActionTarget: {
      /** @enum {string} */
      by: 'category' | 'product' | 'branch' | 'cause';
      /** @example courier_damage */
      value: string;
    };
    CorrectiveAction: {
      actionId: string;
      target: components['schemas']['CorrectiveActionTarget'];
      description: string;
      owner: string;
      /** Format: date-time */
      dueAt: string;
      /**
       * Format: date-time
       * @description the opening’s occurredAt
       */
      openedAt: string;
      /** @enum {string} */
      status: 'open' | 'completed';
      /** @description open and past its dueAt */
      overdue: boolean;
      /** Format: date-time */
      completedAt?: string;
      note?: string;
    };
    CorrectiveActionList: {
      /** @description by dueAt, then actionId */
      items: components['schemas']['CorrectiveAction'][];
    };
    ComplaintsBefore: {
      complaints: number;
      /** @description complaints * 30 / windowDays */
      perThirtyDays: number;
    };
    ComplaintsAfter: {
      complaints: number;
      /** @description complaints * 30 / days; null when days is 0 */
      perThirtyDays: number | null;
      /** @description the after window’s length in days, at most windowDays */
      days: number;
    };
    CorrectiveActionEffectRow: {
      actionId: string;
      target: components['schemas']['CorrectiveActionTarget'];
      /** Format: date-time */
      dueAt: string;
      /**
       * Format: date-time
       * @description null while open at asOf
       */
      completedAt: string | null;
      /** @description the windowDays before completion (before asOf while open) */
      before: components['schemas']['ComplaintsBefore'];
      /** @description from completion up to asOf; null until completed */
      after: components['schemas']['ComplaintsAfter'] | null;
      /** @description after.perThirtyDays - before.perThirtyDays */
      change: number | null;
    };
    CorrectiveActionEffects: {
      /** Format: date-time */
      asOf: string;
      windowDays: number;
      /** @description every action opened by asOf, by actionId */
      actions: components['schemas']['CorrectiveActionEffectRow'][];
    };
    EventActor: {
      /** @description a stable id: a named API key's actorId, an unnamed one's keyed HMAC, an OpenID Connect subject, or a part of the service (role system) */
      id: string;
      /**
       * @description the role it acted in; `system` for the service itself
       * @example agent
       */
      role: string;
      /** @description the person's name, where the identity provider gives one */
      name?: string;
      /**
       * @description how they signed in: an API key or OpenID Connect; absent for the service itself (role system) and for events recorded before it was kept
       * @enum {string}
       */
      via?: 'api-key' | 'oidc';
    };
    PublishedEvent: {
      eventId: string;
      /** @example complaint-C-1 */
      streamId: string;
      /** @example ComplaintFiled */
      type: string;
      revision: number;
      /**
       * @description global position, a decimal string
       * @example 42
       */
      position: string;
      /** Format: date-time */
      occurredAt: string | null;
      /** Format: date-time */
      recordedAt: string;
      actor: components['schemas']['EventActor'] | null;
      correlationId: string | null;
      causationId: string | null;
      /** @description the event’s data, its personal fields in clear, or "[erased]" once the customer’s personal data was erased */
      data: {
        [key: string]: unknown;
      };
      /** @description lowercase hex SHA-256 */
      hash: string | null;
      prevHash: string | null;
      /**
       * @description the stored (sealed) values of the personal fields, by dotted field name (e.g. `respondent.contactId`), on events stored with sealed personal fields (schemaVersion 2): the hash covers `data` with these values in place of the shown ones
       * @example {
       *       "description": "pd1.…"
       *     }
       */
      sealed?: {
        [key: string]: string;
      };
    };
    ComplaintHistory: {
      /** @example complaint-C-1 */
      streamId: string;
      events: components['schemas']['PublishedEvent'][];
    };
    StreamVerificationResult: {
      streamId: string;
      valid: boolean;
      events: number;
      /** @description absent when valid */
      firstInvalidRevision?: number;
    };
    InvalidStream: {
      streamId: string;
      firstInvalidRevision: number;
    };
    InvalidSealDetail: {
      /** @description position of the AuditSealed event */
      position: string;
      revision: number;
      afterPosition: string;
      upToPosition: string;
      /** @enum {string} */
      mismatch: 'malformed' | 'prevSealHash' | 'upToPosition' | 'logHash' | 'events' | 'streams';
    };
    SealCheck: {
      /** @description seals compared with the log, a failing one included */
      checked: number;
      /** @description upToPosition of the first seal the log disagrees with */
      firstInvalidPosition?: string;
      firstInvalidSeal?: components['schemas']['InvalidSealDetail'];
    };
    LogVerificationResult: {
      valid: boolean;
      streams: number;
      events: number;
      invalid: components['schemas']['InvalidStream'][];
      seals: components['schemas']['SealCheck'];
    };
    FunnelRates: {
      resolved: number;
      callbackReached: number;
      satisfied: number;
      repurchased: number;
    };
    FunnelGroupRow: {
      /** @description "all" without groupBy */
      key: string;
      filed: number;
      resolved: number;
      callbackReached: number;
      satisfied: number;
      repurchased: number;
      rates: components['schemas']['FunnelRates'];
      /** @description null when none was resolved */
      medianHoursToResolve: number | null;
    };
    FunnelBaselineFigures: {
      customers: number;
      repurchased: number;
      rate: number;
    };
    Funnel: {
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      repurchaseWindowDays: number;
      groups: components['schemas']['FunnelGroupRow'][];
      baseline: components['schemas']['FunnelBaselineFigures'];
    };
    ProblemFiguresRow: {
      count: number;
      /** @description share breached, as of now */
      breachRate: number;
      /** @description share reopened at least once */
      reopenRate: number;
      /** @description mean survey score; null when none */
      avgSatisfaction: number | null;
    };
    ProblemChange: {
      count: number;
      breachRate: number;
      reopenRate: number;
      avgSatisfaction: number | null;
    };
    ProblemReportRow: {
      count: number;
      /** @description share breached, as of now */
      breachRate: number;
      /** @description share reopened at least once */
      reopenRate: number;
      /** @description mean survey score; null when none */
      avgSatisfaction: number | null;
      /** @description the category, product or branch; "none" when the complaint has none */
      key: string;
      /** @description the previous period of equal length */
      previous: components['schemas']['ProblemFiguresRow'];
      change: components['schemas']['ProblemChange'];
    };
    ProblemReport: {
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      /** @enum {string} */
      by: 'category' | 'product' | 'branch' | 'agent' | 'cause';
      rows: components['schemas']['ProblemReportRow'][];
    };
    RedressAmount: {
      /**
       * @description ISO 4217
       * @example GBP
       */
      currency: string;
      /**
       * @description summed exactly as decimals
       * @example 150.25
       */
      amount: number;
    };
    ComplaintsReturnRow: {
      /** @description the category, product, branch, policy rule or root cause; `none` where the complaint has none */
      key: string;
      /** @description complaints filed before from and not closed before from */
      outstandingAtStart: number;
      /** @description complaints filed in [from, to) */
      received: number;
      /** @description complaints closed (first resolution or closing, the earlier) in [from, to) */
      closed: number;
      /** @description of those closed: by the close of the third business day after the filing date */
      closedByThirdBusinessDay: number;
      /** @description of those closed: after the close of the third business day and at or before the final-response due time; null when none had that target */
      closedAfterThirdBusinessDayWithinFinalResponse: number | null;
      /** @description of those closed: at or before the final-response due time; null when none had that target */
      closedWithinFinalResponse: number | null;
      /** @description of those closed: first resolution upheld */
      upheld: number;
      partiallyUpheld: number;
      notUpheld: number;
      /** @description compensation of the first resolutions, per currency */
      redress: components['schemas']['RedressAmount'][];
      /** @description compensation of every resolution recorded in [from, to), any cycle, per currency */
      redressPaid: components['schemas']['RedressAmount'][];
      /** @description of those received: final response breached at now; null when none had that target */
      finalResponseBreached: number | null;
      /** @description of those received: final response extended; null when none had that target */
      extended: number | null;
    };
    ComplaintsReturn: {
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      /** @enum {string} */
      by: 'category' | 'product' | 'branch' | 'rule' | 'cause';
      /** @description sorted by key */
      rows: components['schemas']['ComplaintsReturnRow'][];
    };
    BranchRankings: {
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      /** @description best satisfaction first */
      bySatisfaction: components['schemas']['ProblemReportRow'][];
      /** @description highest breach rate first */
      byBreachRate: components['schemas']['ProblemReportRow'][];
    };
    RiskReasonEntry: {
      /** @enum {string} */
      code:
        | 'SLA_BREACH'
        | 'REPEAT_COMPLAINTS'
        | 'LOW_SATISFACTION'
        | 'NEGATIVE_CALLBACK'
        | 'REOPENED'
        | 'SPEND_DROP'
        | 'PURCHASE_OVERDUE';
      points: number;
      detail: string;
    };
    RiskEntry: {
      customerId: string;
      score: number;
      /** @enum {string} */
      level: 'none' | 'watch' | 'warning' | 'critical';
      /** @description spend in the 365 days up to asOf */
      value: number;
      reasons: components['schemas']['RiskReasonEntry'][];
    };
    EarlyWarningList: {
      /** Format: date-time */
      asOf: string;
      /** @description highest score first */
      customers: components['schemas']['RiskEntry'][];
    };
    BacktestLevel: {
      /**
       * @description flagged: a score at or above this level
       * @enum {string}
       */
      level: 'watch' | 'warning' | 'critical';
      /** @description customers flagged */
      customers: number;
      /** @description of them, lost */
      lost: number;
      /** @description lost / customers flagged; null when none is */
      precision: number | null;
      /** @description flagged lost / all lost; null when none was lost */
      recall: number | null;
    };
    BacktestTopDecile: {
      /** @description ceil(10%) of the population */
      customers: number;
      lost: number;
      /** @description the decile's loss rate / the population's; null when that is 0 */
      lift: number | null;
    };
    BacktestLossCount: {
      customers: number;
      lost: number;
      /** @description null when there is no customer */
      lossRate: number | null;
    };
    BacktestReason: {
      /** @enum {string} */
      code:
        | 'SLA_BREACH'
        | 'REPEAT_COMPLAINTS'
        | 'LOW_SATISFACTION'
        | 'NEGATIVE_CALLBACK'
        | 'REOPENED'
        | 'SPEND_DROP'
        | 'PURCHASE_OVERDUE';
      /** @description customers whose score has this code at asOf */
      with: components['schemas']['BacktestLossCount'];
      /** @description the rest of the population */
      without: components['schemas']['BacktestLossCount'];
    };
    BacktestOfAsOf: {
      /** Format: date-time */
      asOf: string;
      /** @description customers with a purchase in the 365 days up to asOf */
      customers: number;
      /** @description of them, no purchase in (asOf, asOf + horizon] */
      lost: number;
      /** @description null when there is no customer */
      lossRate: number | null;
      /** @description P(a lost customer scores higher than a retained one), ties one half; null when a group is empty */
      auc: number | null;
      byLevel: components['schemas']['BacktestLevel'][];
      topDecile: components['schemas']['BacktestTopDecile'];
      byReason: components['schemas']['BacktestReason'][];
    };
    BacktestSuggestedPoints: {
      /** @description per condition (code, or code:sub-condition): logistic-regression weights scaled so the largest equals the largest configured points; never applied */
      points: {
        SLA_BREACH?: number;
        'REPEAT_COMPLAINTS:4+'?: number;
        'REPEAT_COMPLAINTS:2-3'?: number;
        'LOW_SATISFACTION:1-2'?: number;
        'LOW_SATISFACTION:3'?: number;
        'NEGATIVE_CALLBACK:dissatisfied'?: number;
        'NEGATIVE_CALLBACK:not-reached'?: number;
        REOPENED?: number;
        SPEND_DROP?: number;
        PURCHASE_OVERDUE?: number;
      };
      /** @description per condition: the configured points the list scores with, beside the suggested ones */
      configuredPoints: {
        SLA_BREACH?: number;
        'REPEAT_COMPLAINTS:4+'?: number;
        'REPEAT_COMPLAINTS:2-3'?: number;
        'LOW_SATISFACTION:1-2'?: number;
        'LOW_SATISFACTION:3'?: number;
        'NEGATIVE_CALLBACK:dissatisfied'?: number;
        'NEGATIVE_CALLBACK:not-reached'?: number;
        REOPENED?: number;
        SPEND_DROP?: number;
        PURCHASE_OVERDUE?: number;
      };
      /** @description AUC of these points on the rows they were fitted to (in-sample) */
      auc: number | null;
      /** @description the configured score's AUC on the same rows */
      configuredAuc: number | null;
      /**
       * @description both AUCs are in-sample
       * @enum {boolean}
       */
      inSample: true;
      /** @description (asOf, customer) rows */
      rows: number;
    };
    EarlyWarningBacktest: {
      horizonDays: number;
      /** @description one per asOf, in the order asked */
      results: components['schemas']['BacktestOfAsOf'][];
      suggested: components['schemas']['BacktestSuggestedPoints'];
    };
    UpdateProfileDto: {
      segment?: string;
      /** @enum {string} */
      valueTier?: 'A' | 'B' | 'C';
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    CustomerCommandResult: {
      customerId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
    };
    RecordPurchaseDto: {
      /** @description Recorded once per customer: the same orderId again is 409. */
      orderId: string;
      amount: number;
      /** @description ISO 4217, e.g. EUR. */
      currency: string;
      /** @description ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
      occurredAt?: string;
    };
    PurchaseRecordedResult: {
      customerId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      orderId: string;
    };
    EraseDataDto: {
      /** @description Why the customer's personal data is erased (a request's reference, a retention rule); never personal data itself. */
      reason: string;
    };
    CustomerErasureResult: {
      customerId: string;
      /** @description the stream’s new revision (also in ETag) */
      revision: number;
      /**
       * @description global position of the last appended event, a decimal string
       * @example 42
       */
      position: string;
      /** @description how many of the customer’s data keys this request deleted (0: none was left) */
      erasedKeys: number;
    };
    CustomerRisk: {
      customerId: string;
      score: number;
      /** @enum {string} */
      level: 'none' | 'watch' | 'warning' | 'critical';
      /** @description spend in the 365 days up to asOf */
      value: number;
      reasons: components['schemas']['RiskReasonEntry'][];
      /** Format: date-time */
      asOf: string;
    };
    CustomerHistory: {
      customerId: string;
      /** @description the customer stream’s events, in revision order */
      events: components['schemas']['PublishedEvent'][];
      /** @description the complaints filed for the customer, in filing order */
      complaints: string[];
    };
    ProjectionHealth: {
      /** @description last processed global position, a decimal string */
      position: string;
      /** @description events between the store’s head and it; 0 = caught up */
      lag: number;
      /**
       * @description running; rebuilding after a failed batch; failing while projecting an event throws, or that rebuild fails too (retried with back-off from 1 s to 5 min, never skipped); superseded when a newer version of it runs
       * @example running
       * @enum {string}
       */
      state: 'running' | 'rebuilding' | 'failing' | 'superseded';
      /** @description why it is not running (admin token only) */
      error?: string;
      /** @description failing: the global position of the event it fails at, a decimal string (admin token only) */
      failingAt?: string;
      /** @description failing: attempts so far (admin token only) */
      attempts?: number;
      /** @description failing: when the next attempt is due, ISO (admin token only) */
      retryAt?: string;
    };
    QueueCounts: {
      waiting: number;
      delayed: number;
      active: number;
      completed: number;
      failed: number;
    };
    RecoveryHealth: {
      /**
       * @description projection:<name>, timers or webhooks
       * @example projection:funnel
       */
      component: string;
      /**
       * Format: date-time
       * @description when the recovery began
       */
      since: string;
      /** @description why (shown to an admin token only) */
      reason?: string;
    };
    HealthReport: {
      /** @enum {string} */
      status: 'ok' | 'recovering' | 'error';
      /** @description present while status is recovering */
      recovering?: components['schemas']['RecoveryHealth'][];
      /**
       * @description up, down, or "cannot write" (a full disk, an I/O error: commands answer 503 meanwhile); an admin token sees "cannot write: <reason>"
       * @example up
       */
      eventStore: string;
      /**
       * @description up, down, "evicting" (a Redis that may drop data) or "cannot write" (its disk is full), both 503; an admin token sees "evicting: maxmemory-policy <policy>" and "cannot write: <reason>"
       * @example up
       */
      redis: string;
      /** @description what an operator should fix though the service runs, e.g. a Redis without persistence (admin token only) */
      warnings?: string[];
      /**
       * @description with SLA_POLICY_FILE: `ok`, or `calendar ends <date>` from 60 days before the policy’s calendarCoversUntil (list the next year’s holidays)
       * @example calendar ends 2027-12-31
       */
      serviceLevels?: string;
      /** @description by projection name; empty when a dependency is down */
      projections: {
        [key: string]: components['schemas']['ProjectionHealth'];
      };
      /** @description by queue name; empty when a dependency is down */
      queues: {
        [key: string]: components['schemas']['QueueCounts'];
      };
    };
    EventPage: {
      events: components['schemas']['PublishedEvent'][];
      /**
       * @description pass as `after` for the next page: the highest position this page examined
       * @example 1042
       */
      next: string;
    };
    CreateSubscriptionDto: {
      /**
       * Format: uri
       * @description The endpoint: https://, or http:// for targets inside WEBHOOK_ALLOWED_NETWORKS; redirects
       *     are not followed. A host that is or resolves to a non-public address (loopback, private,
       *     link-local, 100.64.0.0/10, fc00::/7, multicast, unspecified, or an IPv4-mapped or NAT64
       *     form of those) is refused with 400 unless every such address lies inside
       *     WEBHOOK_ALLOWED_NETWORKS, and so is a host that does not resolve. Checked again at every
       *     connection of a delivery (`refused_target` in the delivery log).
       */
      url: string;
      /** @description Only these event types (default: all). */
      eventTypes?: string[];
      /** @description Only streams whose id starts with this. */
      streamPrefix?: string;
      /** @description Events with a position greater than this (default: the current head: only new events). */
      fromPosition?: string;
    };
    CreatedWebhookSubscription: {
      /** Format: uuid */
      subscriptionId: string;
      /** @description the actor id of the token that created it (its owner); null only for a record without one */
      ownerId: string | null;
      /** Format: uri */
      url: string;
      eventTypes: string[] | null;
      streamPrefix: string | null;
      /** @description deliveries start after this position (the latest replay’s) */
      fromPosition: string;
      /** Format: date-time */
      createdAt: string;
      /** @enum {string} */
      status: 'active' | 'failing';
      /** @description every selected event up to here was delivered or dead-lettered */
      deliveredUpTo: string;
      /**
       * @description while `failing`: every selected event after this position was dead-lettered; pass it to a replay as `fromPosition` (null while active). Recorded in the subscription’s stream, so it survives the loss of Redis and is never cut by the size of the delivery log
       * @example 1041
       */
      deadLetteredFrom: string | null;
      /** Format: date-time */
      failingSince: string | null;
      /** Format: date-time */
      nextAttemptAt: string | null;
      /**
       * @description Standard Webhooks secret, shown once
       * @example whsec_...
       */
      secret: string;
    };
    WebhookSubscription: {
      /** Format: uuid */
      subscriptionId: string;
      /** @description the actor id of the token that created it (its owner); null only for a record without one */
      ownerId: string | null;
      /** Format: uri */
      url: string;
      eventTypes: string[] | null;
      streamPrefix: string | null;
      /** @description deliveries start after this position (the latest replay’s) */
      fromPosition: string;
      /** Format: date-time */
      createdAt: string;
      /** @enum {string} */
      status: 'active' | 'failing';
      /** @description every selected event up to here was delivered or dead-lettered */
      deliveredUpTo: string;
      /**
       * @description while `failing`: every selected event after this position was dead-lettered; pass it to a replay as `fromPosition` (null while active). Recorded in the subscription’s stream, so it survives the loss of Redis and is never cut by the size of the delivery log
       * @example 1041
       */
      deadLetteredFrom: string | null;
      /** Format: date-time */
      failingSince: string | null;
      /** Format: date-time */
      nextAttemptAt: string | null;
    };
    WebhookSubscriptionList: {
      /** @description oldest first */
      items: components['schemas']['WebhookSubscription'][];
      /** @description pass as `cursor` for the following page; null on the last page */
      next: string | null;
    };
    WebhookDelivery: {
      /** Format: uuid */
      eventId: string;
      position: string;
      type: string;
      /** @enum {string} */
      outcome: 'delivered' | 'failed' | 'dead_lettered';
      attempt: number;
      /** Format: date-time */
      at: string;
      /**
       * @description how the try ended, coarse on purpose: http_<status> (the endpoint answered), timeout, connection_failed, refused_target (absent on a dead-letter record: nothing was sent)
       * @example http_503
       */
      result?: string;
    };
    WebhookDeliveries: {
      /** Format: uuid */
      subscriptionId: string;
      /** @description newest first */
      deliveries: components['schemas']['WebhookDelivery'][];
    };
    ReplaySubscriptionDto: {
      /** @description Every event with a position greater than this is sent again, in order. */
      fromPosition: string;
    };
    SignInDto: {
      /** @description An API token (API_KEYS); the answer's cookie stands for it on GET requests. */
      token: string;
    };
    ConsoleSession: {
      /**
       * @description the role of the signed-in token
       * @enum {string}
       */
      role: 'agent' | 'analyst' | 'auditor' | 'integrator' | 'admin';
      /** @description the actor id of the signed-in token */
      actorId: string;
      /** @description the signed-in person's name, where the identity provider gives one */
      actorName?: string;
      /**
       * @description how they signed in: an API key or OpenID Connect
       * @enum {string}
       */
      via?: 'api-key' | 'oidc';
      /** @description the repurchase windows (days) the funnel accepts (REPURCHASE_WINDOWS) */
      repurchaseWindows: number[];
      /**
       * Format: date-time
       * @description the latest the session lasts, 8 h after sign-in; it ends sooner after CONSOLE_SESSION_IDLE_MINUTES without a request
       */
      expiresAt: string;
    };
    ConsoleIdentity: {
      /**
       * @description the role of the signed-in token
       * @enum {string}
       */
      role: 'agent' | 'analyst' | 'auditor' | 'integrator' | 'admin';
      /** @description the actor id of the signed-in token */
      actorId: string;
      /** @description the signed-in person's name, where the identity provider gives one */
      actorName?: string;
      /**
       * @description how they signed in: an API key or OpenID Connect
       * @enum {string}
       */
      via?: 'api-key' | 'oidc';
      /** @description the repurchase windows (days) the funnel accepts (REPURCHASE_WINDOWS) */
      repurchaseWindows: number[];
    };
    ConsoleIdentityProvider: {
      /** @description OIDC_ISSUER when the console can sign in through it (OIDC_CLIENT_ID set), else null */
      issuer: string | null;
      /**
       * @description where the sign-in through the issuer starts (a page to navigate to), else null
       * @example /console/sign-in
       */
      signInPath: string | null;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  MetricsController_text: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus text format 0.0.4 */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
    };
  };
  ComplaintsController_list: {
    parameters: {
      query?: {
        customerId?: string;
        status?: 'open' | 'resolved' | 'closed';
        severity?: 'critical' | 'low' | 'medium' | 'high';
        category?: string;
        branchId?: string;
        slaBreached?: boolean;
        /** @description Resolved, the call-back due time passed, and no reached call-back since the resolution. */
        callbackDue?: boolean;
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintPage'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_file: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['FileComplaintDto'];
      };
    };
    responses: {
      /** @description Applied */
      201: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintFiledResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_assign: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AssignComplaintDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintCommandResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_escalate: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EscalateComplaintDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintEscalatedResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_resolve: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ResolveComplaintDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintResolvedResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_reopen: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReopenComplaintDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintReopenedResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_recordCallback: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RecordCallbackDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintFeedbackResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_recordSatisfaction: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RecordSatisfactionDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintFeedbackResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_close: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CloseComplaintDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintCommandResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_acknowledge: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AcknowledgeComplaintDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintAcknowledgedResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_pause: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PauseComplaintDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintPausedResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_resume: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ResumeComplaintDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintResumedResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_extend: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExtendDeadlineDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeadlineExtendedResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_recordRootCause: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RecordRootCauseDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintCommandResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ComplaintsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Complaint'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CorrectiveActionsController_list: {
    parameters: {
      query?: {
        /** @description Absent: every action. overdue: open and past its dueAt. */
        status?: 'open' | 'completed' | 'overdue';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CorrectiveActionList'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CorrectiveActionsController_open: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OpenCorrectiveActionDto'];
      };
    };
    responses: {
      /** @description Applied */
      201: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CorrectiveActionCommandResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CorrectiveActionsController_complete: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CompleteCorrectiveActionDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CorrectiveActionCompletedResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CorrectiveActionEffectsController_effects: {
    parameters: {
      query?: {
        /** @description Default: now. */
        asOf?: string;
        /** @description 1-366, default 90. */
        windowDays?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JSON, or the rows as CSV with `Accept: text/csv` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CorrectiveActionEffects'];
          'text/csv': string;
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuditController_history: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintHistory'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuditController_state: {
    parameters: {
      query?: {
        /** @description Business time: the events that occurred at or before it. */
        asOf?: string;
        /** @description The stream's events up to this revision (the first being 0). */
        revision?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Complaint'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuditController_verifyComplaint: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StreamVerificationResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuditController_verifyAll: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LogVerificationResult'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AnalyticsController_getFunnel: {
    parameters: {
      query: {
        /** @description Cohort start (inclusive): complaints filed at or after it. */
        from: string;
        /** @description Cohort end (exclusive). */
        to: string;
        groupBy?:
          'category' | 'branch' | 'channel' | 'severity' | 'resolutionSpeed' | 'month' | 'goodwill' | 'agent';
        /** @description One of REPURCHASE_WINDOWS (default 90). */
        repurchaseWindowDays?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JSON, or the rows as CSV with `Accept: text/csv` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Funnel'];
          'text/csv': string;
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AnalyticsController_getProblems: {
    parameters: {
      query: {
        /** @description Default category. */
        by?: 'category' | 'product' | 'branch' | 'cause' | 'agent';
        from: string;
        to: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JSON, or the rows as CSV with `Accept: text/csv` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemReport'];
          'text/csv': string;
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AnalyticsController_getComplaintsReturn: {
    parameters: {
      query?: {
        /** @description Start (inclusive); required unless `period` is given. */
        from?: string;
        /** @description End (exclusive); required unless `period` is given. */
        to?: string;
        /**
         * @description Instead of from and to: `YYYY-H1`, `YYYY-H2`, `YYYY-Q1`..`YYYY-Q4` or `YYYY`, local dates
         *     in the policy's timezone (UTC without a policy).
         */
        period?: string;
        /**
         * @description Default category; `rule`: the policy rule matched at filing, `cause`: the latest root
         *     cause (`none` where there is none).
         */
        by?: 'category' | 'product' | 'branch' | 'rule' | 'cause';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JSON, or the rows as CSV with `Accept: text/csv` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComplaintsReturn'];
          'text/csv': string;
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AnalyticsController_getBranches: {
    parameters: {
      query: {
        from: string;
        to: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JSON, or the rows as CSV with `Accept: text/csv` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BranchRankings'];
          'text/csv': string;
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AnalyticsController_getEarlyWarning: {
    parameters: {
      query?: {
        /** @description Default: now. */
        asOf?: string;
        /** @description Default 100; above 1000 clamped; below 1 refused. */
        limit?: number;
        /** @description Default watch. */
        minLevel?: 'none' | 'watch' | 'warning' | 'critical';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JSON, or the rows as CSV with `Accept: text/csv` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EarlyWarningList'];
          'text/csv': string;
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AnalyticsController_getEarlyWarningBacktest: {
    parameters: {
      query: {
        /** @description 1 to 12 instants separated by commas, each at least horizonDays before now. */
        asOf: string;
        /** @description Days after each asOf in which a customer who buys nothing counts as lost: 30-365, default 90. */
        horizonDays?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JSON, or the rows as CSV with `Accept: text/csv` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EarlyWarningBacktest'];
          'text/csv': string;
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CustomersController_updateProfile: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateProfileDto'];
      };
    };
    responses: {
      /** @description Applied */
      200: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CustomerCommandResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CustomersController_recordPurchase: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RecordPurchaseDto'];
      };
    };
    responses: {
      /** @description Applied */
      201: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PurchaseRecordedResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CustomersController_erase: {
    parameters: {
      query?: never;
      header?: {
        /** @description apply only at this revision: `"<revision>"` */
        'If-Match'?: string;
        /** @description 1-255 characters; a retry with the same key and body answers the first answer again */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EraseDataDto'];
      };
    };
    responses: {
      /** @description Already erased: nothing changed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CustomerErasureResult'];
        };
      };
      /** @description Applied */
      202: {
        headers: {
          /** @description the stream’s new revision: `"<revision>"` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CustomerErasureResult'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description The `If-Match` revision is not the stream’s */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevisionMismatchErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnprocessableErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CustomersController_risk: {
    parameters: {
      query?: {
        /** @description Default: now. Only events that occurred at or before it count. */
        asOf?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CustomerRisk'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CustomersController_history: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CustomerHistory'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  HealthController_check: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthReport'];
        };
      };
      /** @description A dependency is down */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthReport'];
        };
      };
    };
  };
  EventsController_feed: {
    parameters: {
      query?: {
        /** @description Events with a position greater than this (a decimal string); default: from the first event. */
        after?: string;
        /** @description Default 100; above 1000 clamped; below 1 refused. */
        limit?: number;
        /** @description Event type names, comma-separated (`ComplaintFiled,ComplaintResolved`). */
        types?: string;
        /** @description Only streams whose id starts with this (`complaint-`, `customer-C-1`). */
        streamPrefix?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventPage'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  EventsController_stream: {
    parameters: {
      query?: {
        /** @description Events with a position greater than this; `Last-Event-ID` wins when both are given. */
        after?: string;
        /** @description Event type names, comma-separated (`ComplaintFiled,ComplaintResolved`). */
        types?: string;
        /** @description Only streams whose id starts with this (`complaint-`, `customer-C-1`). */
        streamPrefix?: string;
      };
      header?: {
        /** @description resume after this position */
        'Last-Event-ID'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description `id:` = position, `data:` = one event in the PublishedEvent shape; `:` comments keep it alive */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description This token has SSE_MAX_STREAMS live streams open already (over all API processes): nothing is streamed; close one first
       *
       *     Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  SubscriptionsController_list: {
    parameters: {
      query?: {
        /** @description Default 100; above 1000 clamped. */
        limit?: number;
        /** @description The `next` of the page before: subscriptions created after it. */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookSubscriptionList'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  SubscriptionsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateSubscriptionDto'];
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedWebhookSubscription'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not allowed in the current status, an existing id or a repeated orderId */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConflictErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  SubscriptionsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookSubscription'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  SubscriptionsController_delete: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  SubscriptionsController_deliveries: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDeliveries'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  SubscriptionsController_replay: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReplaySubscriptionDto'];
      };
    };
    responses: {
      /** @description Success */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookSubscription'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ConsoleSessionController_whoAmI: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConsoleIdentity'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description The token’s role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ConsoleSessionController_signIn: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SignInDto'];
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConsoleSession'];
        };
      };
      /** @description Bad input: malformed JSON, unknown fields, wrong types, values out of range */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description No token, or an unknown token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Body over 64 KiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description A body that is not application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ConsoleSessionController_signOut: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ConsoleOidcController_identityProvider: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConsoleIdentityProvider'];
        };
      };
    };
  };
}
