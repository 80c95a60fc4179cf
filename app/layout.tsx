// Root layout: the page shell shared by every screen.
import type { Metadata } from "next";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Association Monitor", template: "%s · Association Monitor" },
  description: "HighLevel association webhooks, received, stored and browsable",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <NuqsAdapter>{children}</NuqsAdapter>
      </body>
    </html>
  );
}
