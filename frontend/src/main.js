import L from "leaflet";
import "leaflet/dist/leaflet.css";
import "./style.css";

// One colour per district, in the plan's order (四、（一）…（八）).
const PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4"];

const map = L.map("map", { zoomSnap: 0.25 });

async function drawDistricts() {
  const response = await fetch("/api/districts");
  const collection = await response.json();
  const layer = L.geoJSON(collection, {
    style: (feature) => ({
      color: "#ffffff",
      weight: 1.5,
      fillColor: PALETTE[(feature.properties.plan_order - 1) % PALETTE.length],
      fillOpacity: 0.75,
    }),
    onEachFeature: (feature, district) => {
      district.bindTooltip(feature.properties.name, {
        permanent: true,
        direction: "center",
        className: "district-label",
      });
    },
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [20, 20] });
  // Paths exist once the map has a view; tag them so tests and styles can find a district.
  layer.eachLayer((district) => district.getElement()?.setAttribute("data-adcode", district.feature.id));
  document.body.dataset.districts = String(collection.features.length);
}

drawDistricts();
