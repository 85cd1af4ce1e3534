import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { createMemoryRouter, Outlet, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";
import { NotFound, RouteError } from "./RouteError";

function visit(path: string) {
  const router = createMemoryRouter(
    [{
      path: "/", errorElement: <RouteError />, element: <Outlet />,
      children: [{ path: "broken", element: <Broken /> }],
    }, { path: "/known/*", element: <NotFound /> }],
    { initialEntries: [path] },
  );
  return render(<MantineProvider><RouterProvider router={router} /></MantineProvider>);
}

function Broken(): never {
  throw new Error("the page broke");
}

describe("route errors", () => {
  it("an unknown address gets a 404 page, not [object Object]", () => {
    visit("/no/such/page");
    expect(screen.getByRole("heading", { name: "Page not found" })).toBeTruthy();
    expect(screen.getByText("/no/such/page")).toBeTruthy();
    expect(document.body.textContent).not.toContain("[object Object]");
  });

  it("a page that fails says why", () => {
    visit("/broken");
    expect(screen.getByRole("alert").textContent).toContain("the page broke");
  });
});
