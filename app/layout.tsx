import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { TRPCReactProvider } from '@/components/trpc/client';
import { Toaster } from '@/components/ui/toaster';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Cronboard', template: '%s · Cronboard' },
  description: 'Scheduled tasks on a kanban board, run by workers.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f8fafc' },
    { media: '(prefers-color-scheme: dark)', color: '#020617' },
  ],
};

// Applies the saved theme (or the system's) before first paint, so there is no flash.
const themeScript = `(()=>{try{const t=localStorage.getItem('cronboard-theme');const d=t==='dark'||(t!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d)}catch{}})()`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // proxy.ts puts a fresh nonce in the CSP; the inline theme script must carry it to run.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-slate-800"
        >
          Skip to content
        </a>
        <TRPCReactProvider>
          <AppHeader />
          <main id="main" className="mx-auto w-full max-w-[1600px] px-4 py-6 sm:px-6">
            {children}
          </main>
          <Toaster />
        </TRPCReactProvider>
      </body>
    </html>
  );
}
