import { test } from 'node:test';
import assert from 'node:assert/strict';

// npm scripts put node_modules/.bin first on PATH, where the `node` devDependency installs Node 24;
// Astro 7 needs >= 22.23, and the machines here ship Node 20.
test('npm scripts run on Node >= 22.23', () => {
  const [major, minor] = process.versions.node.split('.').map(Number);
  assert.ok(major > 22 || (major === 22 && minor >= 23), `running on Node ${process.versions.node}`);
});
