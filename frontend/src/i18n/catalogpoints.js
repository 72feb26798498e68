// Strings of the catalog's point layers (map/catalogpoints.js).
export default {
  zh: {
    "catalog.source": "来源：",
  },
  en: {
    "catalog.source": "Source: ",
  },
};
