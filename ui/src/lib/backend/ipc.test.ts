import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { describe, expect, it } from 'vitest';
import type { CoreError, Page, Workspace } from '../bindings';
import { backend, backendAvailable, call, toUserError, UserError } from './ipc';

const ws: Workspace = {
  id: 1,
  name: 'Acme',
  createdAt: '2025-09-12T06:54:17.000Z',
  updatedAt: '2025-09-12T06:54:17.000Z',
  deletedAt: '1970-01-01T00:00:00.000Z',
};

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected the call to fail');
}

describe('backend calls', () => {
  it('unwraps the data of a successful command and passes its arguments', async () => {
    const calls: [string, unknown][] = [];
    const page: Page<Workspace> = { items: [ws], endReached: true, nextPageToken: null, totalCount: 1 };
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return page;
    });
    const query = { size: '25', pageToken: null, sort: 'name:asc', filters: [] };
    await expect(backend.listWorkspaces(query)).resolves.toEqual(page);
    expect(calls).toEqual([['list_workspaces', { query }]]);
  });

  it('returns null data as such (delete)', async () => {
    mockIPC(() => null);
    await expect(backend.deleteWorkspace(1)).resolves.toBeNull();
  });

  it('turns a CoreError into a UserError with code, message and field', async () => {
    const core: CoreError = { code: 'conflict', message: 'A workspace named “Acme” already exists.', field: 'name', fieldErrors: [] };
    mockIPC(() => {
      throw core;
    });
    const error = await rejection(backend.createWorkspace({ name: 'Acme' }));
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(core.message);
    expect(error.field).toBe('name');
    expect(error.isAbout('name')).toBe(true);
    expect(error.fieldErrors).toEqual([{ field: 'name', code: 'conflict', message: core.message }]);
  });

  it('keeps every field error of a form checked as a whole', async () => {
    const fieldErrors = [
      { field: 'connectionName', code: 'required', message: 'Enter a connection name.' },
      { field: 'configJson', code: 'invalidValue', message: 'This is not valid JSON.' },
    ] as const;
    mockIPC(() => {
      throw { ...fieldErrors[0], fieldErrors };
    });
    const error = await rejection(backend.createWorkspace({ name: 'Acme' }));
    expect(error.field).toBe('connectionName');
    expect(error.fieldErrors).toEqual(fieldErrors);
  });

  it('keeps a null field as null (errors for a toast)', async () => {
    mockIPC(() => {
      throw { code: 'storeCorrupt', message: 'The data store is damaged.', field: null };
    });
    const error = await rejection(backend.getAppStatus());
    expect(error.code).toBe('storeCorrupt');
    expect(error.field).toBeNull();
  });

  it('names query parameters in field', async () => {
    mockIPC(() => {
      throw { code: 'invalidValue', message: 'The page size must be between 1 and 300.', field: 'size' };
    });
    const error = await rejection(backend.listWorkspaces({ size: '0', pageToken: null, sort: null }));
    expect(error.field).toBe('size');
    expect(error.code).toBe('invalidValue');
  });

  it('maps a string rejection (unknown command, bad arguments) to internalError', async () => {
    mockIPC(() => {
      throw 'invalid args `id` for command `delete_workspace`: invalid type: string';
    });
    const error = await rejection(backend.deleteWorkspace(1));
    expect(error.code).toBe('internalError');
    expect(error.field).toBeNull();
    expect(error.message).toContain('invalid args `id`');
  });

  it('maps a JavaScript exception to internalError', async () => {
    mockIPC(() => {
      throw new TypeError('boom');
    });
    const error = await rejection(backend.getAppStatus());
    expect(error.code).toBe('internalError');
    expect(error.message).toContain('boom');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('reports a missing backend instead of crashing', async () => {
    clearMocks();
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
    expect(backendAvailable()).toBe(false);
    const error = await rejection(backend.getAppStatus());
    expect(error.code).toBe('internalError');
    expect(error.message).toMatch(/^Backend not available/);
  });

  it('unwraps results of any command through call()', async () => {
    mockIPC(() => 'ok');
    await expect(call(async () => ({ status: 'ok' as const, data: 42 }))).resolves.toBe(42);
    await expect(call(async () => ({ status: 'error' as const, error: { code: 'notFound', message: 'gone', field: null } }))).rejects.toMatchObject({
      code: 'notFound',
      message: 'gone',
    });
  });
});

describe('toUserError', () => {
  it('shapes every kind of failure', () => {
    expect(toUserError({ code: 'required', message: 'Enter a name.', field: 'name' })).toMatchObject({
      code: 'required',
      field: 'name',
    });
    expect(toUserError({ code: 'tooLong', message: 'Too long.' }).field).toBeNull();
    expect(toUserError({ message: 'no code' }).code).toBe('internalError');
    expect(toUserError(undefined).code).toBe('internalError');
    expect(toUserError(42).message).toMatch(/no reason/);
    const same = new UserError('notFound', 'x');
    expect(toUserError(same)).toBe(same);
  });
});
