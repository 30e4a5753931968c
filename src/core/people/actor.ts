/** Who asked: a Slack user, an MCP identity, or a CLI login. The id is what policy and approver groups name. */
export interface Actor {
  /** Stable id: a Slack user id (U0123ABCD), an MCP identity name, a bearer token's identity, or a CLI login name. */
  id: string;
  /** Where the call came in. */
  via: FrontDoor;
  /** Human-readable name for messages, when known. */
  displayName?: string | undefined;
  /** Slack team id, when via is slack. */
  team?: string | undefined;
  /**
   * The person an assistant acts for (an MCP identity's human: the login running `blockops mcp`, or the
   * `person` of an HTTP token). Self-approval is judged by person (people.ts), so no one approves their own
   * request by switching front doors.
   */
  onBehalfOf?: string | undefined;
}

/** `cli`: a CLI on the store's own machine, as its OS user; `api`: the HTTP API of `blockops serve`, as a token's identity. */
export type FrontDoor = 'cli' | 'api' | 'slack' | 'mcp' | 'system';

export function describeActor(a: Actor): string {
  return a.displayName && a.displayName !== a.id ? `${a.displayName} (${a.id} via ${a.via})` : `${a.id} via ${a.via}`;
}
