/**
 * The personal fields of each event type (docs/domain.md, Personal data and erasure): what a
 * customer wrote or what identifies a person, stored sealed under the customer's data key
 * from schemaVersion 2 on. A path names a field of the event's data, nested fields by their
 * path. Event types absent here carry no personal field.
 */
export const PERSONAL_FIELDS: Readonly<Record<string, readonly FieldPath[]>> = {
  ComplaintFiled: [['description']],
  ComplaintEscalated: [['note']],
  ComplaintResolved: [['summary']],
  ComplaintReopened: [['reason']],
  CallbackRecorded: [['notes']],
  SatisfactionRecorded: [['comment'], ['respondent', 'contactId']],
  RootCauseRecorded: [['note']],
  CustomerProfileUpdated: [['segment']],
};

export type FieldPath = readonly string[];

/** What every answer shows in place of a personal field whose key was erased. */
export const ERASED = '[erased]';

/** The schemaVersion of events whose personal fields are sealed (version 1: all in clear). */
export const SEALED_SCHEMA_VERSION = 2;

const NONE: readonly FieldPath[] = [];

export function personalFieldsOf(type: string): readonly FieldPath[] {
  return PERSONAL_FIELDS[type] ?? NONE;
}

/** The dotted name of a path, as sealed values are bound to it. */
export const fieldName = (path: FieldPath): string => path.join('.');
