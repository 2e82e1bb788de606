/** The dashed drawing of a face used where no face exists yet (empty gallery, face placeholder). */
export function FaceOutline({ className, nose = true, strokeWidth = 2 }: { className: string; nose?: boolean; strokeWidth?: number }) {
  return (
    <svg viewBox="0 0 120 120" className={className} aria-hidden>
      <g fill="none" stroke="currentColor" strokeWidth={strokeWidth} strokeLinecap="round" strokeDasharray="3 5">
        <path d="M60 14c-22 0-36 18-36 42 0 27 16 50 36 50s36-23 36-50c0-24-14-42-36-42Z" />
        <path d={`M44 54c4-3 9-3 13 0M63 54c4-3 9-3 13 0${nose ? 'M60 60l-3 14h6' : ''}M48 84c8 5 16 5 24 0`} />
      </g>
    </svg>
  );
}
