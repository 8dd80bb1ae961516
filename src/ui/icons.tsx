import type { ComponentProps } from "react";

type IconProps = ComponentProps<"svg">;

const stroke = {
  width: 16,
  height: 16,
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  "aria-hidden": true,
  focusable: false,
} as const;

/** Exact Online's mark: a red rounded square with a white "e". Decorative; the dialog title names it. */
function ExactMark(props: IconProps) {
  return (
    <svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true" focusable="false" {...props}>
      <rect width="32" height="32" rx="7" fill="#e41f13" />
      <path
        d="M16.4 9.5c-4 0-6.9 2.9-6.9 6.7 0 3.9 2.8 6.5 7 6.5 2.1 0 3.9-.6 5.2-1.7l-1.3-2.2c-1 .8-2.3 1.2-3.6 1.2-2 0-3.5-1-3.9-2.8h9.3c.1-.4.1-.9.1-1.3 0-3.8-2.5-6.4-5.9-6.4Zm-3.4 5.4c.4-1.7 1.7-2.7 3.3-2.7 1.7 0 2.8 1 3 2.7H13Z"
        fill="#fff"
      />
    </svg>
  );
}

const CloseIcon = (props: IconProps) => (
  <svg {...stroke} {...props}>
    <path d="M18 6 6 18M6 6l12 12" />
  </svg>
);
const CheckIcon = (props: IconProps) => (
  <svg {...stroke} {...props}>
    <path d="M20 6 9 17l-5-5" />
  </svg>
);
const AlertIcon = (props: IconProps) => (
  <svg {...stroke} {...props}>
    <path d="M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" />
  </svg>
);
const LockIcon = (props: IconProps) => (
  <svg {...stroke} {...props}>
    <rect x="5" y="11" width="14" height="10" rx="2" />
    <path d="M8 11V7a4 4 0 0 1 8 0v4" />
  </svg>
);

function Spinner({ className = "", ...props }: IconProps) {
  return (
    <svg {...stroke} width={24} height={24} data-slot="spinner" className={`morph:animate-spin ${className}`} {...props}>
      <path d="M21 12a9 9 0 1 1-6.2-8.6" />
    </svg>
  );
}

export { AlertIcon, CheckIcon, CloseIcon, ExactMark, LockIcon, Spinner };
