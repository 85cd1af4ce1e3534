import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/dropzone/styles.css";
import { Alert, DEFAULT_THEME, FileInput, MantineProvider, Modal, MultiSelect, Pagination, Select, createTheme, type CSSVariablesResolver } from "@mantine/core";
import { ModalsProvider } from "@mantine/modals";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { ApiError } from "./api/client";
import { router } from "./routes";

// Shade 7 and a darker "dimmed" keep text at WCAG AA contrast (4.5:1) on white, which the
// defaults (indigo 6, gray 6) miss; clear buttons are named for screen readers.
const clearable = { clearButtonProps: { "aria-label": "Clear" } };
const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: 7,
  defaultRadius: "md",
  components: {
    Select: Select.extend({ defaultProps: clearable }),
    MultiSelect: MultiSelect.extend({ defaultProps: clearable }),
    FileInput: FileInput.extend({ defaultProps: clearable }),
    Alert: Alert.extend({ defaultProps: { closeButtonLabel: "Close" } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
    Pagination: Pagination.extend({
      defaultProps: {
        getItemProps: (page: number) => ({ "aria-label": `page ${page}` }),
        getControlProps: (control: string) => ({ "aria-label": `${control} page` }),
      },
    }),
  },
});
// Light and subtle variants (badges, light buttons) and coloured text (`c="red"`) write in shade 6
// or 7 by default: too pale. Red needs 9 too: its 8 misses 4.5:1 on a striped table row by a hair
// (the Delete buttons).
const darker = Object.fromEntries(Object.keys(DEFAULT_THEME.colors).flatMap((c) => {
  const shade = `var(--mantine-color-${c}-${["yellow", "lime", "orange", "red"].includes(c) ? 9 : 8})`;
  return [[`--mantine-color-${c}-light-color`, shade], [`--mantine-color-${c}-text`, shade]];
}));
const contrast: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "var(--mantine-color-gray-7)", ...darker },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors do not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={contrast}>
      <ModalsProvider>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ModalsProvider>
    </MantineProvider>
  </StrictMode>,
);
