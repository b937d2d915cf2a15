// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// jsdom lacks these; Scenes (lazy loading, layouts) and @grafana/ui (virtualized lists) construct them on render.
class ObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
global.IntersectionObserver = global.IntersectionObserver ?? ObserverStub;
global.ResizeObserver = global.ResizeObserver ?? ObserverStub;

// @grafana/ui measures text (Combobox, Badge) through a 2D canvas context, which jsdom does not implement.
HTMLCanvasElement.prototype.getContext = () => ({ measureText: (text) => ({ width: String(text).length * 7 }), font: '' });
