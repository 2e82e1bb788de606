import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { services } from '@/server/services';
import { Logo } from '../../logo';

interface RoomPageProps {
  params: Promise<{ roomId: string }>;
}

async function loadRoom(props: RoomPageProps) {
  const { roomId } = await props.params;
  const room = await services().db.rooms.find(roomId);
  if (!room) notFound();
  return room;
}

export async function generateMetadata(props: RoomPageProps): Promise<Metadata> {
  const room = await loadRoom(props);
  return { title: room.title || 'Untitled sketch', robots: { index: false } };
}

/** The studio for one room. The capability (edit or view) is read by the client from the URL fragment. */
export default async function RoomPage(props: RoomPageProps) {
  const room = await loadRoom(props);
  return (
    <div className="flex min-h-dvh flex-col" data-room-id={room.id}>
      <header className="flex items-center justify-between gap-4 border-b border-line px-6 py-4">
        <div className="flex items-center gap-5">
          <Logo />
          <span className="h-6 w-px bg-line" aria-hidden />
          <h1 className="font-display text-lg font-medium">{room.title || 'Untitled sketch'}</h1>
        </div>
        <span className="text-sm text-ink-soft">
          Started {room.createdAt.toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' })}
        </span>
      </header>
      <main className="flex flex-1 items-center justify-center p-6">
        <p className="text-ink-soft">The studio is getting ready…</p>
      </main>
    </div>
  );
}
