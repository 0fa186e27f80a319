/** Stylesheets are bundled by Vite; importing one applies it. */
declare module '*.css'
