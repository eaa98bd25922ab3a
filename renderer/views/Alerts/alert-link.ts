/** Where an alert's link leads in the renderer: the view that shows it, already filtered. */
import type { RouteLocationRaw } from 'vue-router';
import type { AlertLink } from '../../../shared/contract/alerts';

export function alertLocation(link: AlertLink): RouteLocationRaw {
  switch (link.view) {
    case 'apps':
      return link.query.id ? { path: `/apps/${encodeURIComponent(link.query.id)}` } : { path: '/apps' };
    case 'records':
      return { path: '/records', query: { ...link.query } };
    case 'statistics':
      return { path: '/statistics', query: { ...link.query } };
    case 'billing':
      return { path: '/billing', query: { ...link.query } };
    case 'settings':
      return { path: '/settings' };
    case 'alerts':
      return { path: '/alerts' };
  }
}
