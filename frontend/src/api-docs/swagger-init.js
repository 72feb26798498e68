// Starts Swagger UI on /docs from the self-hosted bundle (no CDN, no inline script: the CSP
// allows scripts from this origin only). No remote validator badge.
window.addEventListener("load", () => {
  window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
