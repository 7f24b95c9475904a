// What a feature may know of the shell: the shapes of the two registries it contributes to (panes
// and named actions) and the context an action runs with. Features import these; the shell
// (app/) implements them. Nothing here imports app/ or a feature.
import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import type { Incident } from '../../../shared/domain/incidents';
import type { ApiClient } from './api';
import type { ToastTone } from './toasts';

export interface PaneProps {
  /** ULID of the incident open in the workspace. */
  incidentId: string;
}

export interface PaneDef {
  /** Stable id, kebab-case; also used as the layout key and in `pane:<id>` focus targets. */
  id: string;
  title: string;
  /** Shortcut that opens and focuses the pane, e.g. 'Alt+3' or 'Mod+Shift+R'. */
  shortcut?: string;
  /** Opened by default in a fresh layout. */
  defaultOpen?: boolean;
  /**
   * The smallest box (px, content only) in which every control of the pane is fully visible. The
   * workspace never squeezes a pane below it: with no room the pane becomes a tab instead.
   */
  minWidth?: number;
  minHeight?: number;
  component: ComponentType<PaneProps>;
}

/** The dialogs the shell hosts (an action opens one with `ctx.openDialog`). */
export type DialogId = 'declare' | 'severity' | 'status' | 'resolve' | 'milestone' | 'profile' | 'shortcuts' | 'time-zone';

export interface ActionContext {
  api: ApiClient;
  queryClient: QueryClient;
  /** The incident open in the workspace (null on the empty state). */
  incident: Incident | null;
  openDialog(id: DialogId): void;
  /** Open a registered pane (if closed) and move keyboard focus into it. */
  openPane(paneId: string): void;
  /** Move keyboard focus to a named target: 'timeline', 'composer', 'incident-list', 'pane:<id>'. */
  focus(target: string): void;
  /** Open the command palette on a page ('root' or 'incidents'). */
  openPalette(page?: 'root' | 'incidents'): void;
  notify(message: string, tone?: ToastTone): void;
}

export interface ActionDef {
  /** Stable id, '<domain>.<verb>' e.g. 'incident.declare'. */
  id: string;
  title: string;
  /** Palette group heading; defaults to 'Actions'. */
  group?: string;
  /** Extra words the palette matches on. */
  keywords?: string[];
  /** 'Mod+K', 'Mod+Shift+D', 'Alt+1', '?' … Mod is Cmd on macOS, Ctrl elsewhere. */
  shortcut?: string;
  /** When false the action is hidden from the palette and its shortcut does nothing. */
  enabled?(ctx: ActionContext): boolean;
  run(ctx: ActionContext): void | Promise<void>;
}

/** Guard for actions that act on the open incident (shared by every feature's action list). */
export const hasIncident = (ctx: ActionContext): boolean => ctx.incident !== null;
