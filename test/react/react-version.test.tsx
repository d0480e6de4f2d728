// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { expect, it } from 'vitest';

// The React tests run on React 19 (project "unit") and on React 18 (project "react18"): this checks that each project
// really renders with the React it names.
it('renders with the React of its project', ({ task }) => {
  const major = task.file.projectName === 'react18' ? '18.' : '19.';
  expect(version.startsWith(major)).toBe(true);
  expect(domVersion).toBe(version);
  const { container } = render(<p>ok</p>);
  expect(container.textContent).toBe('ok');
});
