import Link from 'next/link';
import { Logo } from '../logo';
import { NewSketchButton } from '../new-sketch-button';

/** The header of the public pages (gallery, face pages). */
export function SiteHeader() {
  return (
    <header className="mx-auto flex w-full max-w-6xl items-center justify-between gap-4 px-4 py-5 sm:px-6">
      <Logo />
      <nav className="flex items-center gap-4 text-sm font-medium text-ink-soft sm:gap-6">
        <Link href="/gallery" className="hover:text-ink">
          Gallery
        </Link>
        <div className="hidden sm:block">
          <NewSketchButton compact />
        </div>
      </nav>
    </header>
  );
}
