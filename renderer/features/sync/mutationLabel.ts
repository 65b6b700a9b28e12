// Mutation names in words: `loanNote.add@1` -> 添加贷款备注 / Add loan note (the `mutationNames` keys in
// zh.ts/en.ts, by name without the version). A name with no entry is shown as it is, never hidden.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

function mutationBaseName(name: string): string {
  const at = name.lastIndexOf('@');
  return at > 0 ? name.slice(0, at) : name;
}

export function useMutationLabel(): (name: string) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (name: string) => {
      // The keys contain dots, which i18next would read as nesting; so the table is read as a whole.
      const names = t('mutationNames', { returnObjects: true }) as unknown;
      const words = names && typeof names === 'object' ? (names as Record<string, unknown>)[mutationBaseName(name)] : undefined;
      return typeof words === 'string' ? words : name;
    },
    [t, i18n.language],
  );
}
