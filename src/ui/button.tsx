import type { ComponentProps } from "react";

const base =
  "morph:inline-flex morph:items-center morph:justify-center morph:gap-2 morph:rounded-(--morph-radius) morph:border morph:px-4 morph:py-2 morph:text-sm morph:font-medium morph:leading-5 morph:cursor-pointer morph:focus-visible:outline-2 morph:focus-visible:outline-offset-2 morph:focus-visible:outline-ring";

const variants = {
  primary: "morph:border-primary morph:bg-primary morph:text-primary-foreground morph:hover:opacity-90",
  secondary: "morph:border-border morph:bg-background morph:text-foreground morph:hover:bg-muted",
  danger: "morph:border-border morph:bg-background morph:text-danger morph:hover:bg-muted",
};

export type ButtonVariant = keyof typeof variants;

function Button({
  variant = "secondary",
  className = "",
  type = "button",
  ...props
}: ComponentProps<"button"> & { variant?: ButtonVariant }) {
  return <button type={type} data-slot="button" className={`${base} ${variants[variant]} ${className}`} {...props} />;
}

export { Button };
