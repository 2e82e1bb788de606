import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ATTRIBUTES } from '@/lib/studio/attributes';
import { services } from '@/server/services';
import { Studio } from '../../studio/studio';

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
    <div data-room-id={room.id}>
      <Studio roomId={room.id} title={room.title} modelName={room.modelName ?? services().config.model ?? null} attributes={ATTRIBUTES} />
    </div>
  );
}
