import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StructureGrid } from "./Structure";

describe("structures", () => {
  it("draws sampled molecules through the server, not as text only", () => {
    render(<MantineProvider><StructureGrid label="sampled" smiles={["c1ccccc1", "C[C@H](N)O#"]} /></MantineProvider>);
    const images = screen.getAllByRole("img");
    expect(images.map((i) => i.getAttribute("src"))).toEqual([
      "/api/depiction.svg?smiles=c1ccccc1&width=200&height=150",
      "/api/depiction.svg?smiles=C%5BC%40H%5D(N)O%23&width=200&height=150",
    ]);
    expect(images[1].getAttribute("alt")).toBe("C[C@H](N)O#");
  });
});
