import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';

const source = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Storybook's own onboarding (a checklist in the sidebar, a guide in the menu) is not about this library, and
  // marks on stories changed since the last commit are for their authors: the sidebar opens on Getting started.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false, changeDetection: false },
  // Stories import the library by its published names, served from the sources.
  viteFinal: (vite) =>
    mergeConfig(vite, {
      resolve: {
        alias: [
          { find: /^react-lifter$/, replacement: source('index.ts') },
          { find: /^react-lifter\/core$/, replacement: source('core/index.ts') },
          { find: /^react-lifter\/idb$/, replacement: source('idb/index.ts') },
          { find: /^react-lifter\/inspector$/, replacement: source('react/inspector.tsx') },
        ],
      },
      optimizeDeps: { include: ['idb-keyval'] },
    }),
};

export default config;
