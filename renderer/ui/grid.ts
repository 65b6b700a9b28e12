// What every data grid of the app shares: ag-grid's community modules (registered once, here), the
// grid look in the app's colour and fonts, and ag-grid's own texts in the user's language.
import { AG_GRID_LOCALE_CN, AG_GRID_LOCALE_EN } from '@ag-grid-community/locale';
import { AllCommunityModule, ModuleRegistry, themeQuartz, type ColDef, type GridApi } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { Locale } from '../../shared/api/envelope';
import { bilingual } from '../i18n/bilingual';
import { BRAND_COLOR, FONT_STACK } from './theme';

ModuleRegistry.registerModules([AllCommunityModule]);

export const gridTheme = themeQuartz.withParams({
  accentColor: BRAND_COLOR,
  fontFamily: FONT_STACK,
  fontSize: 13,
  headerFontWeight: 600,
  rowHeight: 36,
  headerHeight: 38,
});

/** A denser grid for tables of figures (KPIs). */
export const compactGridTheme = gridTheme.withParams({ rowHeight: 34 });

export function gridLocaleText(locale: Locale): Record<string, string> {
  return bilingual(locale, AG_GRID_LOCALE_CN, AG_GRID_LOCALE_EN);
}

/** Scrolls to a row and puts the keyboard focus on one of its cells (from a search box, or back from a record). */
export function focusGridRow(api: GridApi | null | undefined, index: number, colId: string) {
  if (!api) return;
  api.ensureIndexVisible(index);
  api.setFocusedCell(index, colId);
}

/**
 * Makes the columns of a service-sorted grid: header `t(prefix + colId)`, repeated as the tooltip
 * for a header cut short, and not sortable (the order is the service's).
 */
export function columnMaker<Row>(t: TFunction, prefix: string) {
  return (colId: string, width: number, extra: Partial<ColDef<Row>> = {}): ColDef<Row> => {
    const headerName = t(`${prefix}${colId}`);
    return { colId, headerName, headerTooltip: headerName, width, sortable: false, ...extra };
  };
}
