import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
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
  const { config, attributesOf } = services();
  // The sliders are the room's model's attributes, in its order (models/manifest.json).
  const attributes = attributesOf?.(room.modelName) ?? [];
  return (
    <div data-room-id={room.id}>
      <Studio roomId={room.id} title={room.title} modelName={room.modelName ?? config.model ?? null} attributes={attributes} />
    </div>
  );
}
