// Leaflet as a module, also published as the global `L` that leaflet.markercluster extends.
// Import Leaflet from here, and import this module before any plugin.
import L from "leaflet";
import "leaflet/dist/leaflet.css";

window.L = L;
export default L;
