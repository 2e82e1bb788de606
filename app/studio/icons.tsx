import type { ReactNode } from 'react';

function Icon({ children, className = 'size-[18px]' }: { children: ReactNode; className?: string }) {
  return (
    <svg viewBox="0 0 20 20" className={className} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      {children}
    </svg>
  );
}

export const PenIcon = () => (
  <Icon>
    <path d="M13.6 3.4a2 2 0 0 1 2.9 2.9L7.3 15.5l-3.8.9.9-3.8 9.2-9.2Z" />
    <path d="m12.3 4.8 2.9 2.9" />
  </Icon>
);

export const EraserIcon = () => (
  <Icon>
    <path d="m8.5 16.5-4-4a1.4 1.4 0 0 1 0-2l6.6-6.6a1.4 1.4 0 0 1 2 0l3 3a1.4 1.4 0 0 1 0 2l-6.6 6.6" />
    <path d="M8.5 16.5H16M7 8.5l4.5 4.5" />
  </Icon>
);

export const UndoIcon = () => (
  <Icon>
    <path d="M7.5 5 4 8.5 7.5 12" />
    <path d="M4 8.5h8a4 4 0 0 1 0 8h-2" />
  </Icon>
);

export const RedoIcon = () => (
  <Icon>
    <path d="M12.5 5 16 8.5 12.5 12" />
    <path d="M16 8.5H8a4 4 0 0 0 0 8h2" />
  </Icon>
);

export const TrashIcon = () => (
  <Icon>
    <path d="M4 6h12M8 6V4.5h4V6M5.5 6l.8 10h7.4l.8-10" />
  </Icon>
);

export const ShareIcon = () => (
  <Icon>
    <path d="M10 3v9M6.5 6.5 10 3l3.5 3.5" />
    <path d="M5 10v5.5h10V10" />
  </Icon>
);

export const SaveIcon = () => (
  <Icon>
    <path d="M10 3.5 11.9 7.4l4.3.6-3.1 3 .7 4.3L10 13.3l-3.8 2 .7-4.3-3.1-3 4.3-.6Z" />
  </Icon>
);

export const CopyIcon = () => (
  <Icon className="size-4">
    <rect x="7" y="7" width="9" height="9" rx="1.8" />
    <path d="M13 7V5.2A1.2 1.2 0 0 0 11.8 4H5.2A1.2 1.2 0 0 0 4 5.2v6.6A1.2 1.2 0 0 0 5.2 13H7" />
  </Icon>
);

export const CheckIcon = () => (
  <Icon className="size-4">
    <path d="m4.5 10.5 3.5 3.5 7.5-8" />
  </Icon>
);

export const CloseIcon = () => (
  <Icon className="size-4">
    <path d="m5 5 10 10M15 5 5 15" />
  </Icon>
);

export const ResetIcon = () => (
  <Icon className="size-4">
    <path d="M4.5 10a5.5 5.5 0 1 0 1.6-3.9M4.5 4v3.5H8" />
  </Icon>
);

export const EyeIcon = () => (
  <Icon className="size-4">
    <path d="M2.5 10s2.8-5 7.5-5 7.5 5 7.5 5-2.8 5-7.5 5-7.5-5-7.5-5Z" />
    <circle cx="10" cy="10" r="2.2" />
  </Icon>
);

export const DownloadIcon = () => (
  <Icon>
    <path d="M10 3.5v9M6.5 9 10 12.5 13.5 9M4.5 16h11" />
  </Icon>
);

export const RemixIcon = () => (
  <Icon>
    <path d="M4 6h3.5c2 0 3 1 4 2.5L13 11c1 1.5 2 2.5 4 2.5" />
    <path d="M4 13.5h3.5c1 0 1.8-.3 2.4-.9M13 6.9c.6-.6 1.4-.9 2.4-.9H17M15 4l2 2-2 2M15 11.5l2 2-2 2" />
  </Icon>
);
