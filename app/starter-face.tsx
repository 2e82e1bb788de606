'use client';

import { useState } from 'react';

/** A starter's face as the served model renders it; a quiet placeholder while no model is served. */
export function StarterFace({ name, title, className = '' }: { name: string; title: string; className?: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) return <div className={`bg-[radial-gradient(circle_at_50%_38%,#3a342d_0%,#1d1b18_70%)] ${className}`} aria-hidden />;
  return (
    <img
      src={`/api/starters/${name}/face.png`}
      alt={`The face the model renders from the “${title}” sketch`}
      onError={() => setFailed(true)}
      data-testid="starter-face"
      className={`bg-ink object-cover [image-rendering:auto] ${className}`}
    />
  );
}
