import { useElementSize } from "@mantine/hooks";
import createScatterplot from "regl-scatterplot";
import { useEffect, useRef } from "react";
import { scatterInput, type Drawn } from "../lib/points";

type Scatterplot = ReturnType<typeof createScatterplot>;

/** A WebGL scatter (regl-scatterplot) that stays fluid with hundreds of thousands of points. */
export function MapCanvas({ drawn, lasso, onHover, onSelect }: {
  drawn: Drawn;
  lasso: boolean;
  onHover: (point: { index: number; x: number; y: number } | null) => void;
  onSelect: (indices: number[]) => void;
}) {
  const { ref: box, width } = useElementSize();
  const canvas = useRef<HTMLCanvasElement>(null);
  const plot = useRef<Scatterplot | null>(null);
  const handlers = useRef({ onHover, onSelect });
  handlers.current = { onHover, onSelect };
  const height = 620;

  useEffect(() => {
    if (!canvas.current || width === 0) return;
    const p = createScatterplot({
      canvas: canvas.current, width, height, pointSize: 4, pointSizeSelected: 6, backgroundColor: "#ffffff",
      lassoColor: "#e8590c",
    });
    p.subscribe("pointOver", (i) => {
      const pos = p.getScreenPosition(i);
      handlers.current.onHover(pos ? { index: i, x: pos[0], y: pos[1] } : null);
    });
    p.subscribe("pointOut", () => handlers.current.onHover(null));
    p.subscribe("lassoStart", () => handlers.current.onHover(null));
    p.subscribe("select", ({ points }) => handlers.current.onSelect(points));
    p.subscribe("deselect", () => handlers.current.onSelect([]));
    plot.current = p;
    return () => {
      plot.current = null;
      p.destroy();
    };
    // The plot is made once per width; data changes go through draw below.
  }, [width]);

  useEffect(() => {
    const p = plot.current;
    if (!p) return;
    const { points, options, colorBy } = scatterInput(drawn);
    p.set({ colorBy, pointColor: drawn.colours }).then(() => p.draw(points, options));
  }, [drawn, width]);

  useEffect(() => {
    plot.current?.set({ mouseMode: lasso ? "lasso" : "panZoom" });
  }, [lasso, width]);

  return (
    <div ref={box} style={{ position: "relative", width: "100%", height, border: "1px solid #dee2e6", borderRadius: 8 }}>
      <canvas ref={canvas} style={{ width: "100%", height }} data-testid="map-canvas" />
    </div>
  );
}
