// .bpmnlintrc as Camunda Modeler and the plain bpmnlint CLI read it: with bpmnlint-plugin-reglament linked
// into node_modules (npm link), the same rules report without our resolver or the camunda moddle extension.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(REPO, 'test', 'reglament', 'fixtures');
const BIN = join(dirname(require.resolve('bpmnlint/package.json')), 'bin', 'bpmnlint.js');
const dir = mkdtempSync(join(tmpdir(), 'reglament-bpmnlint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(join(REPO, 'bpmnlint-plugin-reglament'), join(dir, 'node_modules', 'bpmnlint-plugin-reglament'), 'dir');
copyFileSync(join(REPO, '.bpmnlintrc'), join(dir, '.bpmnlintrc'));

function bpmnlint(fixture: string): { status: number | null; out: string } {
  copyFileSync(join(FIXTURES, fixture), join(dir, fixture));
  const r = spawnSync(process.execPath, [BIN, fixture], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('bpmnlint-plugin-reglament through the bpmnlint CLI', () => {
  it('passes the valid fixture', () => {
    const r = bpmnlint('valid.bpmn');
    expect(r.out).not.toMatch(/error/);
    expect(r.status).toBe(0);
  });

  it.each([
    ['step-reference.broken.bpmn', /review\s+error\s+Element name must start with its step «процесс 5»\s+reglament\/step-reference/],
    ['external-task-topic.broken.bpmn', /authorize\s+error\s+No worker serves topic 'authorise-typo'/],
    ['user-task-assignment.broken.bpmn', /review\s+error\s+User task has neither camunda:candidateGroups nor camunda:assignee/],
    ['deadline-timer.broken.bpmn', /review-deadline\s+error\s+Timer duration 'P1M' counts years, months or weeks/],
    ['condition-syntax.broken.bpmn', /reglament\/condition-syntax/],
    ['gateway-conditions.broken.bpmn', /reglament\/gateway-conditions/],
  ])('reports %s', (fixture, message) => {
    const r = bpmnlint(fixture);
    expect(r.out).toMatch(message);
    expect(r.status).toBe(1);
  });
});
