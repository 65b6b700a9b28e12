// An ag-grid in the app's look: the grid theme, ag-grid's own texts in the user's language, and the
// column defaults every grid of the app starts from. Any prop given overrides these.
import type { ColDef } from 'ag-grid-community';
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/useLocale';
import { gridLocaleText, gridTheme } from './grid';

// Header menus and column filters are off: filtering is done by the toolbars, against the service.
const DEFAULT_COL_DEF: ColDef = { resizable: true, suppressHeaderMenuButton: true, filter: false };

export function AppGrid<Row>(props: AgGridReactProps<Row>) {
  const locale = useLocale();
  const { t } = useTranslation();
  return (
    <AgGridReact<Row>
      // localeText is read once at creation, so a language switch rebuilds the grid.
      key={locale}
      theme={gridTheme}
      loadThemeGoogleFonts={false}
      // ag-grid's own "无显示行" / "No Rows To Show" reads as a fault; an empty result is not one.
      localeText={{ ...gridLocaleText(locale), noRowsToShow: t('grid.noRows') }}
      defaultColDef={DEFAULT_COL_DEF}
      // The app's grids have a few dozen columns at most: rendering them all is cheap, and a
      // horizontally scrolled grid then never shows blank cells while catching up.
      suppressColumnVirtualisation
      {...props}
    />
  );
}
