// Swagger UI over the live contract of this deployment, on the same origin (relative to /citas/docs/).
window.addEventListener("load", function () {
  var ui = SwaggerUIBundle({
    url: new URL("../api/v1/openapi.json", document.baseURI).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    // A successful sign-in through "Try it out" authorizes the page with its token, as "Authorize" would.
    responseInterceptor: function (response) {
      if (response.ok && response.url && /\/auth\/token$/.test(new URL(response.url).pathname)
          && response.body && response.body.token) {
        ui.preauthorizeApiKey("bearerAuth", response.body.token);
      }
      return response;
    }
  });
  window.ui = ui;
});
