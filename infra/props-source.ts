import { Duration } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { NotionMonitorProps } from './notion-monitor-props.js';

/** How a source of props spells one prop. */
export interface PropLabel {
  /** The key as the source spells it, for example `scheduleMinutes`. */
  readonly name: string;
  /**
   * For a Duration prop: the unit the source writes the number in.
   * @default a human-readable duration ("5 minutes")
   */
  readonly unit?: 'milliseconds' | 'seconds' | 'minutes';
}

/**
 * Where a {@link NotionMonitor}'s props came from, so that validation messages name what
 * the person has to edit: the keys of a config file rather than the construct's props.
 */
export interface PropsSource {
  /** Shown in messages, for example the config file's path. */
  readonly description: string;
  /**
   * How the source spells the props it renames.
   * @default every prop under its own name
   */
  readonly labels?: Partial<Record<keyof NotionMonitorProps, PropLabel>>;
}

const CONTEXT_KEY = 'notion-monitor:props-source';

/**
 * Tells every NotionMonitor under `scope` where its props came from. Context, not a
 * prop: it concerns the messages only, and an app sets it once for all its monitors.
 * Call it before `scope` has children (the CDK's rule for context).
 */
export function setPropsSource(scope: IConstruct, source: PropsSource): void {
  scope.node.setContext(CONTEXT_KEY, source);
}

/** The source set with {@link setPropsSource} on `scope` or a parent, if any. */
export function propsSourceOf(scope: IConstruct): PropsSource | undefined {
  const value: unknown = scope.node.tryGetContext(CONTEXT_KEY);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as PropsSource).description !== 'string')
    throw new TypeError(`context ${CONTEXT_KEY} must be set with setPropsSource()`);
  return value as PropsSource;
}

const UNIT_MS = { milliseconds: 1, seconds: 1_000, minutes: 60_000 } as const;

/** Names props and shows their values the way the source spells them. */
export class PropNamer {
  constructor(private readonly source: PropsSource | undefined) {}

  /** `scheduleMinutes` for the app's config file, `schedule` otherwise. */
  name(prop: keyof NotionMonitorProps): string {
    return this.source?.labels?.[prop]?.name ?? prop;
  }

  /** The name with the value as the source writes it: `scheduleMinutes (0.5)`, `schedule (30 seconds)`. */
  show(prop: keyof NotionMonitorProps, value: Duration | number | string): string {
    return `${this.name(prop)} (${this.value(prop, value)})`;
  }

  /** Where the props came from, for the heading of a message. */
  get description(): string | undefined {
    return this.source?.description;
  }

  private value(prop: keyof NotionMonitorProps, value: Duration | number | string): string {
    if (!(value instanceof Duration))
      return typeof value === 'string' ? JSON.stringify(value) : String(value);
    const unit = this.source?.labels?.[prop]?.unit;
    if (unit === undefined) return value.toHumanString();
    return String(value.toMilliseconds({ integral: false }) / UNIT_MS[unit]);
  }
}
