// The whole preload: one function on window.workstation. The renderer never sees ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';

export interface WorkstationBridge {
  invoke(name: string, input: unknown, locale: string): Promise<unknown>;
}

const bridge = {
  invoke: (name: string, input: unknown, locale: string) => ipcRenderer.invoke('api', name, input, locale),
} satisfies WorkstationBridge;

contextBridge.exposeInMainWorld('workstation', bridge);
