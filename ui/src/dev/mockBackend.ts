// An in-memory stand-in for the Rust core, for `npm run dev:mock`, screenshots and component tests.
// It follows the core's contract (query language, CoreError with field) closely enough to exercise
// the UI; it is not the core and never ships (the production build drops the import).
//
// URL switches in mock mode: ?live (LIVE mode), ?empty (no workspaces), ?many (60 workspaces).

import { mockIPC } from '@tauri-apps/api/mocks';
import type { AppStatus, CoreError, FilterInput, ListQuery, Page, Workspace } from '../lib/bindings';

export interface MockOptions {
  mode?: AppStatus['mode'];
  workspaces?: string[];
  activeIndex?: number | null;
  /** Milliseconds every command waits, to see loading states. */
  latencyMs?: number;
}

const SORTABLE = ['id', 'name', 'createdAt', 'updatedAt'] as const;
const OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'in'];
const NOT_DELETED = '1970-01-01T00:00:00.000Z';

function fail(code: CoreError['code'], message: string, field: string | null = null): never {
  const error: CoreError = { code, message, field };
  throw error;
}

export function createMockCore(options: MockOptions = {}) {
  let nextId = 1;
  const base = Date.parse('2025-06-02T09:15:00.000Z');
  const workspaces: Workspace[] = (options.workspaces ?? []).map((name, i) => {
    const at = new Date(base + i * 86_400_000 * 3 + i * 3_600_000).toISOString();
    return { id: nextId++, name, createdAt: at, updatedAt: at, deletedAt: NOT_DELETED };
  });
  let activeId: number | null =
    options.activeIndex === null || options.activeIndex === undefined ? null : (workspaces[options.activeIndex]?.id ?? null);

  const live = () => workspaces.filter((w) => w.deletedAt === NOT_DELETED);

  function status(): AppStatus {
    return {
      activeWorkspace: live().find((w) => w.id === activeId) ?? null,
      mode: options.mode ?? 'SANDBOX',
      sandbox: (options.mode ?? 'SANDBOX') === 'SANDBOX',
      dataDir: '/home/admin/.local/share/com.connectdesk.app',
      version: '0.1.0',
    };
  }

  function validName(raw: unknown, exceptId: number | null): string {
    const name = typeof raw === 'string' ? raw.trim() : '';
    if (name === '') fail('required', 'Enter a name for the workspace.', 'name');
    if (name.length > 80) fail('tooLong', 'A workspace name can be at most 80 characters long.', 'name');
    if (/[\u0000-\u001f]/.test(name)) fail('invalidCharacters', 'A workspace name cannot contain control characters.', 'name');
    const clash = live().find((w) => w.id !== exceptId && w.name.toLowerCase() === name.toLowerCase());
    if (clash) fail('conflict', `A workspace named “${clash.name}” already exists.`, 'name');
    return name;
  }

  function matches(w: Workspace, f: FilterInput): boolean {
    if (!(SORTABLE as readonly string[]).includes(f.field)) {
      fail('unknownDataField', `Workspaces cannot be filtered by “${f.field}”.`, 'filters');
    }
    if (!OPS.includes(f.op)) fail('unknownOperation', `“${f.op}” is not a filter operation.`, 'filters');
    const value = String(w[f.field as keyof Workspace]);
    const needle = f.value;
    switch (f.op) {
      case 'contains':
        return value.toLowerCase().includes(needle.toLowerCase());
      case 'eq':
        return value === needle;
      case 'ne':
        return value !== needle;
      case 'in':
        return needle.split(',').includes(value);
      default: {
        const cmp = f.field === 'id' ? Number(value) - Number(needle) : value.localeCompare(needle);
        return f.op === 'lt' ? cmp < 0 : f.op === 'lte' ? cmp <= 0 : f.op === 'gt' ? cmp > 0 : cmp >= 0;
      }
    }
  }

  function list(query: ListQuery): Page<Workspace> {
    let size = 50;
    if (query.size !== null && query.size !== undefined) {
      if (!/^-?\d+$/.test(query.size)) fail('invalidCharacters', `The page size “${query.size}” is not a whole number.`, 'size');
      size = Number(query.size);
      if (size < 1 || size > 300) fail('invalidValue', 'The page size must be between 1 and 300.', 'size');
    }
    let rows = live().filter((w) => (query.filters ?? []).every((f) => matches(w, f)));
    if (query.sort) {
      const m = /^(\w+):(asc|desc)$/.exec(query.sort);
      if (!m) fail('syntaxError', `“${query.sort}” is not a sort: use field:asc or field:desc.`, 'sort');
      const [, field, dir] = m;
      if (!(SORTABLE as readonly string[]).includes(field!)) fail('unknownDataField', `Workspaces cannot be sorted by “${field}”.`, 'sort');
      const key = field as (typeof SORTABLE)[number];
      rows = [...rows].sort((a, b) => {
        const cmp = key === 'id' ? a.id - b.id : String(a[key]).localeCompare(String(b[key]));
        return dir === 'asc' ? cmp : -cmp;
      });
    }
    let offset = 0;
    if (query.pageToken) {
      const decoded = /^o(\d+)$/.exec(atob(query.pageToken));
      if (!decoded) fail('invalidValue', 'The page token is not valid.', 'pageToken');
      offset = Number(decoded[1]);
    }
    const items = rows.slice(offset, offset + size);
    const end = offset + size >= rows.length;
    return { items, endReached: end, nextPageToken: end ? null : btoa(`o${offset + size}`), totalCount: rows.length };
  }

  function find(id: unknown): Workspace {
    const w = live().find((x) => x.id === id);
    if (!w) fail('notFound', 'The workspace was not found.');
    return w;
  }

  function handle(cmd: string, args: Record<string, unknown> | undefined): unknown {
    const a = args ?? {};
    switch (cmd) {
      case 'get_app_status':
        return status();
      case 'list_workspaces':
        return list(a.query as ListQuery);
      case 'create_workspace': {
        const name = validName((a.input as { name?: unknown })?.name, null);
        const at = new Date().toISOString();
        const w: Workspace = { id: nextId++, name, createdAt: at, updatedAt: at, deletedAt: NOT_DELETED };
        workspaces.push(w);
        return w;
      }
      case 'rename_workspace': {
        const input = a.input as { id: number; name: unknown };
        const w = find(input.id);
        w.name = validName(input.name, w.id);
        w.updatedAt = new Date().toISOString();
        return { ...w };
      }
      case 'delete_workspace': {
        const w = find(a.id);
        w.deletedAt = new Date().toISOString();
        if (activeId === w.id) activeId = null;
        return null;
      }
      case 'set_active_workspace': {
        activeId = a.id === null ? null : find(a.id).id;
        return status();
      }
      default:
        throw `command ${cmd} not found`;
    }
  }

  return {
    handle: async (cmd: string, args?: Record<string, unknown>) => {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      return handle(cmd, args);
    },
    workspaces,
  };
}

export const SAMPLE_WORKSPACES = [
  'Acme Marketplace',
  'Northwind Rentals',
  'Globex Tutors',
  'Initech Freelance',
  'Umbrella Clinics',
  'Hooli Creators',
];

/** Installs the mock as the window's IPC (dev:mock only). */
export function installMockBackend(): void {
  const params = new URLSearchParams(window.location.search);
  const many = Array.from({ length: 60 }, (_, i) => `${SAMPLE_WORKSPACES[i % SAMPLE_WORKSPACES.length]} ${Math.floor(i / 6) + 1}`);
  const core = createMockCore({
    mode: params.has('live') ? 'LIVE' : 'SANDBOX',
    workspaces: params.has('empty') ? [] : params.has('many') ? many : SAMPLE_WORKSPACES,
    activeIndex: params.has('empty') ? null : 0,
    latencyMs: 120,
  });
  mockIPC((cmd, args) => core.handle(cmd, args as Record<string, unknown>));
}
