#!/usr/bin/env node
// Draws the app icon: resources/icon.png (512×512 RGBA, what electron-builder turns into
// .icns/.ico/Linux sizes) and resources/icon.svg (the same drawing as vectors). Run it again
// after changing the drawing; both files are committed, so builds never need it.
//
// A phone outline on a blue rounded square, with a "tap" dot and ring on its screen.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const out = fileURLToPath(new URL('../resources/', import.meta.url));

// The drawing, in 512-unit coordinates, shared by the PNG rasteriser and the SVG.
const bg = { radius: 112, from: [29, 78, 216], to: [14, 165, 233] }; // blue-700 → sky-500, top-left to bottom-right
const phone = { cx: 256, cy: 256, w: 208, h: 330, r: 40, stroke: 22 };
const slot = { cx: 256, cy: 256 - 330 / 2 + 34, w: 48, h: 10, r: 5 };
const dot = { cx: 256, cy: 272, r: 38 };
const ring = { cx: 256, cy: 272, r: 70, stroke: 12, alpha: 0.55 };

function sdRoundRect(x, y, cx, cy, w, h, r) {
  const qx = Math.abs(x - cx) - (w / 2 - r);
  const qy = Math.abs(y - cy) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Coverage (0..1) of white over the background, and whether the sample is inside the background. */
function sample(x, y) {
  const inBg = sdRoundRect(x, y, 256, 256, SIZE, SIZE, bg.radius) <= 0;
  if (!inBg) return { inBg, white: 0 };
  let white = 0;
  if (Math.abs(sdRoundRect(x, y, phone.cx, phone.cy, phone.w, phone.h, phone.r)) <= phone.stroke / 2) white = 1;
  else if (sdRoundRect(x, y, slot.cx, slot.cy, slot.w, slot.h, slot.r) <= 0) white = 1;
  else if (Math.hypot(x - dot.cx, y - dot.cy) <= dot.r) white = 1;
  else if (Math.abs(Math.hypot(x - ring.cx, y - ring.cy) - ring.r) <= ring.stroke / 2) white = ring.alpha;
  return { inBg, white };
}

/** The drawing at `size` pixels square (the geometry is in 512 units and scaled). */
function rasterise(size = SIZE) {
  const k = SIZE / size;
  const ss = 4; // 4×4 samples per pixel for smooth edges
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const s = sample((px + (sx + 0.5) / ss) * k, (py + (sy + 0.5) / ss) * k);
          if (s.inBg) {
            cover++;
            white += s.white;
          }
        }
      }
      const i = (py * size + px) * 4;
      if (cover === 0) continue;
      const t = (px + py) / (2 * size);
      const w = white / cover;
      for (let c = 0; c < 3; c++) {
        const base = bg.from[c] + (bg.to[c] - bg.from[c]) * t;
        rgba[i + c] = Math.round(base * (1 - w) + 255 * w);
      }
      rgba[i + 3] = Math.round((255 * cover) / (ss * ss));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(rgba, size = SIZE) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter 0 per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows icon file holding PNG images (what browsers ask for at /favicon.ico). */
function ico(sizes) {
  const images = sizes.map((size) => ({ size, data: png(rasterise(size), size) }));
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2); // 1 = icon
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    head[e] = size >= 256 ? 0 : size;
    head[e + 1] = size >= 256 ? 0 : size;
    head.writeUInt16LE(1, e + 4); // colour planes
    head.writeUInt16LE(32, e + 6); // bits per pixel
    head.writeUInt32LE(data.length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([head, ...images.map((x) => x.data)]);
}

const hex = (rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${hex(bg.from)}"/>
      <stop offset="1" stop-color="${hex(bg.to)}"/>
    </linearGradient>
  </defs>
  <rect width="${SIZE}" height="${SIZE}" rx="${bg.radius}" fill="url(#bg)"/>
  <rect x="${phone.cx - phone.w / 2}" y="${phone.cy - phone.h / 2}" width="${phone.w}" height="${phone.h}" rx="${phone.r}" fill="none" stroke="#fff" stroke-width="${phone.stroke}"/>
  <rect x="${slot.cx - slot.w / 2}" y="${slot.cy - slot.h / 2}" width="${slot.w}" height="${slot.h}" rx="${slot.r}" fill="#fff"/>
  <circle cx="${ring.cx}" cy="${ring.cy}" r="${ring.r}" fill="none" stroke="#fff" stroke-opacity="${ring.alpha}" stroke-width="${ring.stroke}"/>
  <circle cx="${dot.cx}" cy="${dot.cy}" r="${dot.r}" fill="#fff"/>
</svg>
`;

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon.png'), png(rasterise()));
writeFileSync(join(out, 'icon.svg'), svg);
console.log(`wrote ${join(out, 'icon.png')} and ${join(out, 'icon.svg')}`);
// The renderer's favicon (public/ files are copied to the build as they are).
const pub = fileURLToPath(new URL('../renderer/public/', import.meta.url));
mkdirSync(pub, { recursive: true });
writeFileSync(join(pub, 'favicon.svg'), svg);
writeFileSync(join(pub, 'favicon.ico'), ico([16, 32, 48]));
console.log(`wrote ${join(pub, 'favicon.svg')} and ${join(pub, 'favicon.ico')}`);
