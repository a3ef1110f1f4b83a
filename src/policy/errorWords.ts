/**
 * A reader's error code name as the words every syntax error shows: "PropertyNameExpected" → "property name
 * expected". The JSON readers (a policy's, the configuration's) name their errors this way.
 */
export function errorCodeWords(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
