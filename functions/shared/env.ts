/** A setting the function cannot run without: fail at cold start, naming it, instead of on the first record. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
