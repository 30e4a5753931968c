/**
 * Location URLs may carry credentials: Glance's S3 store shows `s3://<access key>:<secret key>@host/bucket/id`
 * when locations are visible. Whatever blockops shows or records keeps the scheme, host and path only.
 */
export function redactUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}
