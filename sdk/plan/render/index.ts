export { renderMermaid, escapeMermaidLabel } from "./mermaid";
export { renderSvg, escapeXml } from "./svg";
export type { TopologyPicture, PictureHub, PictureService, PictureSpoke } from "./types";
