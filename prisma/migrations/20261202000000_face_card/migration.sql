-- The link-preview card, made once when the face is saved (older faces get theirs on first request).
ALTER TABLE "Face" ADD COLUMN "cardPng" BYTEA;
