// uPlot and its stylesheet, in their own chunk: loaded with the first chart a page shows, not
// with the app.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export default uPlot;
