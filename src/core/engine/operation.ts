import type { z } from 'zod';
import type { Cloud } from '../cloud/cloud.js';
import type { Actor } from '../people/actor.js';
import type { RequestDesk } from './request-desk.js';

/** What an operation does to the cloud: reads never need approval; writes may, per policy. */
export type Effect = 'read' | 'write';

export interface Progress {
  message: string;
  /** 0..1 when the operation knows how far it is. */
  fraction?: number | undefined;
}

export interface OperationContext {
  actor: Actor;
  /** The approval request / durable job this run belongs to (write operations only). */
  requestId: string | undefined;
  /** Opens the cloud lazily: operations that manage requests never touch it. */
  cloud(): Promise<Cloud>;
  /** Approval requests and the audit log, for the operations that show or decide them. */
  desk: RequestDesk;
  now(): Date;
  progress(p: Progress): void;
  signal: AbortSignal;
  /** Records what a resumable job has done so far, durably, so a restart can resume or report it. */
  checkpoint(data: Record<string, unknown>): Promise<void>;
  /** The checkpoint of an earlier, interrupted run of this job, when resuming. */
  resumeFrom: Record<string, unknown> | undefined;
}

export interface OperationDef<I extends z.ZodType, O extends z.ZodType, N extends string = string> {
  /** snake_case: the MCP tool name; the CLI verb is its kebab-case form. */
  name: N;
  title: string;
  /** Written for a person or an assistant deciding whether and how to call it. */
  description: string;
  input: I;
  output: O;
  effect: Effect;
  /** False for operations on blockops' own state (requests, audit): they never leave this process. */
  openWorld?: boolean;
  /**
   * Write operations that manage approval requests themselves (approve, deny, cancel): the gateway runs them
   * inline without opening a request of their own; they write their own audit records.
   */
  managesRequests?: boolean;
  /** Only a person may use it (approve, deny): assistants would always be refused, so they are not offered it. */
  peopleOnly?: boolean;
  /**
   * Checks against the environment that can refuse a write before anyone is asked to approve it (a source
   * file outside the allowed directories, say). Runs after validation; throws an OpsError; changes nothing.
   * Returns the values the operation will really use where the input leaves them open (the size it picks, the
   * default volume type, the `auto` network), so that the gateway checks the policy's limits on those, once.
   */
  precheck?(input: z.output<I>, ctx: Pick<OperationContext, 'cloud'>): Promise<Precheck | undefined>;
  /** For approvers: exactly what will happen, in one or two sentences. Runs only after precheck passed. */
  preview?(input: z.output<I>): string;
  /** A short line for people (CLI output, MCP text content, Slack fallback text). */
  summarize(output: z.output<O>): string;
  /** Ids an operation's output touched, for the audit record. */
  resources?(input: z.output<I>, output: z.output<O> | undefined): Record<string, string | string[]>;
  run(input: z.output<I>, ctx: OperationContext): Promise<z.input<O>>;
}

/** Values an operation will use that its input left open, keyed like its input fields (size_gb, network…). */
export type EffectiveValues = Record<string, unknown>;

/** A name the caller gave, as the cloud resolved it when the request opened. */
export interface Resolved {
  id: string;
  name?: string | undefined;
}

/** What a precheck learned: the values the operation will use, and the names it resolved, by input field. */
export interface Precheck {
  effective?: EffectiveValues | undefined;
  /**
   * Input fields whose names were resolved to ids. The request records both (the preview shows both), and the
   * job runs on the ids: renaming another resource to the same name between request and approval changes nothing.
   * A list field (several images in one batch) resolves to a list, in the order given.
   */
  resolved?: Record<string, Resolved | readonly Resolved[]> | undefined;
}

export type AnyOperation = OperationDef<z.ZodType, z.ZodType>;

/** Returns its argument: exists for type inference, so each operation file stays declarative. */
export function defineOperation<I extends z.ZodType, O extends z.ZodType, const N extends string>(
  def: OperationDef<I, O, N>,
): OperationDef<I, O, N> {
  return def;
}

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * The one place effect becomes MCP annotations. Writes here create resources (images, volumes, servers)
 * and only remove what they created themselves on failure, so they are not destructive; they are not idempotent.
 */
export function annotationsFor(op: AnyOperation): ToolAnnotations {
  const read = op.effect === 'read';
  return {
    title: op.title,
    readOnlyHint: read,
    destructiveHint: false,
    idempotentHint: read,
    openWorldHint: op.openWorld ?? true,
  };
}

/** Whether the policy may require approval for an operation: only writes to the cloud can. */
export function mayNeedApproval(op: AnyOperation): boolean {
  return op.effect === 'write' && !op.managesRequests;
}

/**
 * An operation's one-line summary of an output, or a plain fallback when the output is not what the operation
 * promises (a stored result from an older version, say): a summary must never turn a success into a crash.
 */
export function summaryOf(op: AnyOperation, output: unknown): string {
  const parsed = op.output.safeParse(output);
  if (!parsed.success) return 'done';
  try {
    return op.summarize(parsed.data);
  } catch {
    return 'done';
  }
}

export function cliName(opName: string): string {
  return opName.replace(/_/g, '-');
}
