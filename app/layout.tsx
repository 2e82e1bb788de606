import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
import type { ReactNode } from 'react';
import './globals.css';

const inter = localFont({ src: './fonts/inter-latin-wght.woff2', variable: '--font-inter', weight: '100 900', display: 'swap' });
const fraunces = localFont({
  src: [
    { path: './fonts/fraunces-latin-wght.woff2', style: 'normal' },
    { path: './fonts/fraunces-latin-wght-italic.woff2', style: 'italic' },
  ],
  variable: '--font-fraunces',
  weight: '100 900',
  display: 'swap',
});

/**
 * Every page is rendered per request: each response carries its own CSP nonce (server/next.ts), which
 * a page prerendered at build time could not have.
 */
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Facesketch — draw a face together', template: '%s · Facesketch' },
  description: 'A shared sketchpad where a neural network turns your lines into a face, live, while you and your friends draw.',
};

export const viewport: Viewport = { themeColor: '#f7f3ea' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={`${inter.variable} ${fraunces.variable}`}>
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
