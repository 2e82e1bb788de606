-- CreateTable
CREATE TABLE "RoomCheckpoint" (
    "id" TEXT NOT NULL,
    "roomId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "state" BYTEA NOT NULL,
    "strokeCount" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoomCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RoomCheckpoint_roomId_createdAt_idx" ON "RoomCheckpoint"("roomId", "createdAt");

-- AddForeignKey
ALTER TABLE "RoomCheckpoint" ADD CONSTRAINT "RoomCheckpoint_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;
