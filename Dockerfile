# Easel in a container. Build and run (the data folder, with the SQLite database and the files, on a volume):
#   docker build -t easel .
#   docker run -d -p 8080:8080 -v easel-data:/data -e Easel__Admin__Key=sk_admin_... easel
# docs/operations.md has the rest: settings, backups, upgrades, a reverse proxy.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# The banner shows the commit when it is given: docker build --build-arg SOURCE_REVISION=$(git rev-parse HEAD) .
ARG SOURCE_REVISION=""
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/Easel.Server -c Release -o /app -p:SourceRevisionId="$SOURCE_REVISION"

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# Nothing to install: libvips (JPEG, WebP, the sandbox's pictures) comes bundled with NetVips in the publish output.
RUN mkdir /data && chown "$APP_UID:$APP_UID" /data
WORKDIR /app
COPY --from=build /app ./
# The image's own non-root user (app, uid 1654); Kestrel listens on 8080 (ASPNETCORE_HTTP_PORTS, set by the image).
USER $APP_UID
ENV Easel__DataDir=/data
VOLUME /data
EXPOSE 8080
# The runtime image has no curl or wget: Easel asks itself (exit code 0 when /healthz answers 200).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["dotnet", "/app/Easel.Server.dll", "healthcheck", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["dotnet", "/app/Easel.Server.dll"]
