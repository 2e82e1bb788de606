-- CreateTable
CREATE TABLE "Room" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "modelName" TEXT,
    "editTokenHash" BYTEA NOT NULL,
    "viewTokenHash" BYTEA NOT NULL,
    "documentSeq" INTEGER NOT NULL DEFAULT 0,
    "latestFacePng" BYTEA,
    "latestFaceRevision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Room_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoomUpdate" (
    "roomId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoomUpdate_pkey" PRIMARY KEY ("roomId","seq")
);

-- CreateTable
CREATE TABLE "RoomSnapshot" (
    "roomId" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "upToSeq" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RoomSnapshot_pkey" PRIMARY KEY ("roomId")
);

-- CreateTable
CREATE TABLE "Face" (
    "id" TEXT NOT NULL,
    "roomId" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "png" BYTEA NOT NULL,
    "sketchPng" BYTEA NOT NULL,
    "document" BYTEA,
    "attributes" JSONB NOT NULL,
    "modelName" TEXT NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" TIMESTAMPTZ(3),
    "parentFaceId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Face_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Room_editTokenHash_key" ON "Room"("editTokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Room_viewTokenHash_key" ON "Room"("viewTokenHash");

-- CreateIndex
CREATE INDEX "Face_published_createdAt_id_idx" ON "Face"("published", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Face_roomId_idx" ON "Face"("roomId");

-- CreateIndex
CREATE INDEX "Face_parentFaceId_idx" ON "Face"("parentFaceId");

-- AddForeignKey
ALTER TABLE "RoomUpdate" ADD CONSTRAINT "RoomUpdate_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoomSnapshot" ADD CONSTRAINT "RoomSnapshot_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Face" ADD CONSTRAINT "Face_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Face" ADD CONSTRAINT "Face_parentFaceId_fkey" FOREIGN KEY ("parentFaceId") REFERENCES "Face"("id") ON DELETE SET NULL ON UPDATE CASCADE;
